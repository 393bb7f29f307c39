#!/usr/bin/env python3
"""Build the report archive: seeds/ -> docs/<lang>/ -> site/. See README.md."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reportarchive.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
