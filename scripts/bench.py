#!/usr/bin/env python3
"""Benchmark the build on synthetic archives: ``make bench``. See scripts/reportarchive/bench.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reportarchive.bench import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
