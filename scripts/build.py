#!/usr/bin/env python3
"""Build the report archive: seeds/ -> docs/<lang>/ -> site/. See README.md."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

if __name__ == "__main__":
    # Imported here, not above: the build's worker processes (spawned) run
    # this file again to start, and need only the module of their own work.
    from reportarchive.cli import main

    sys.exit(main())
