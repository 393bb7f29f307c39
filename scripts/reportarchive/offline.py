"""Packing site/ into one zip that works unpacked anywhere, from disk.

Everything in site/ already works under file:// (relative links, search index
as a script, vendored assets), so packing is only about a deterministic zip:
sorted entries, fixed timestamps (SOURCE_DATE_EPOCH when set) and one top
folder, so that unpacking never scatters files.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

TOP_FOLDER = "report-archive"
_EPOCH_1980 = 315532800  # the earliest time a zip entry can carry


def _timestamp() -> tuple[int, int, int, int, int, int]:
    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH", _EPOCH_1980)), _EPOCH_1980)
    return time.gmtime(epoch)[:6]


def make_zip(site_dir: Path, zip_path: Path, top: str = TOP_FOLDER) -> int:
    """Write ``zip_path``; return the number of files packed."""
    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_path.with_suffix(".tmp")
    stamp = _timestamp()
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    tmp.replace(zip_path)
    return len(files)
