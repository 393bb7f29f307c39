"""Packing site/ into one zip that works unpacked anywhere, from disk.

Everything in site/ already works under file:// (relative links, search index
as a script, vendored assets), so packing is only about a deterministic zip:
sorted entries, fixed timestamps (SOURCE_DATE_EPOCH when set) and one top
folder, so that unpacking never scatters files. Every folder has an entry of
its own with the usual modes (755 for folders, 644 for files), so that any
unzip tool gives a tree a web server running as another user can read.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

TOP_FOLDER = "report-archive"
_EPOCH_1980 = 315532800
_UNIX = 3  # the zip format's "made by" system whose modes unzip tools apply  # the earliest time a zip entry can carry


def _timestamp() -> tuple[int, int, int, int, int, int]:
    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH", _EPOCH_1980)), _EPOCH_1980)
    return time.gmtime(epoch)[:6]


def make_zip(site_dir: Path, zip_path: Path, top: str = TOP_FOLDER) -> int:
    """Write ``zip_path``; return the number of files packed."""
    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
    folders = sorted({parent for path in files for parent in path.relative_to(site_dir).parents})
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_path.with_suffix(".tmp")
    stamp = _timestamp()
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for folder in folders:
            name = f"{top}/{folder.as_posix()}/" if folder.parts else f"{top}/"
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = _UNIX  # the modes below are Unix modes
            info.external_attr = (0o40755 << 16) | 0x10  # a folder, rwxr-xr-x (and MS-DOS's folder bit)
            archive.writestr(info, b"")
        for path in files:
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = _UNIX
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            archive.writestr(info, path.read_bytes())
    tmp.replace(zip_path)
    return len(files)
