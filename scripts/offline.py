#!/usr/bin/env python3
"""Pack site/ into dist/report-archive.zip: unpack anywhere, open index.html."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reportarchive.cli import PROJECT_DIR  # noqa: E402
from reportarchive.offline import TOP_FOLDER, make_zip  # noqa: E402

if __name__ == "__main__":
    site_dir, zip_path = PROJECT_DIR / "site", PROJECT_DIR / "dist" / f"{TOP_FOLDER}.zip"
    if not (site_dir / "index.html").is_file():
        sys.exit("error: no site/ to pack; run make site first")
    count = make_zip(site_dir, zip_path)
    print(f"{zip_path.relative_to(PROJECT_DIR)}: {count} files; unpack it and open {TOP_FOLDER}/index.html")
