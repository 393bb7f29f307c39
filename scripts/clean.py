#!/usr/bin/env python3
"""``make clean``: remove what the build made (site/, build/, dist/, .cache/,
the generated language folders of docs/ and their staging folders).

Standard library only, so it runs without the project's virtual environment;
the generated folders are found by the layout's own pattern.
"""

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reportarchive import layout  # noqa: E402  (standard library only)

PROJECT_DIR = Path(__file__).resolve().parents[1]


def main() -> int:
    for name in ("site", "build", "dist", ".cache"):
        shutil.rmtree(PROJECT_DIR / name, ignore_errors=True)
    docs = PROJECT_DIR / "docs"
    for folder in docs.iterdir() if docs.is_dir() else ():
        if folder.is_dir() and (
            layout.LANGUAGE_DIR.match(folder.name) or folder.name.startswith(layout.STAGING_PREFIX)
        ):
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
