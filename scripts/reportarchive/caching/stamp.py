"""Whether ``site/`` is already what a build would make of the inputs.

A full build records, in ``build/stamp.json``, a digest of everything
``site/`` is made from — every generated file (by the digest of its content),
the languages, ``mkdocs.yml`` and the theme overrides, the build's own code
and templates, the vendored scripts' lockfile, the installed packages, the
site address and the build time stamped on it, ``--strict`` — together with
a fingerprint of ``site/`` itself (every file's path, size and modification
time). When both match, ``make site`` has nothing to do. The stamp is removed
before any build or in-place update starts and written only once ``site/``
is complete, so a failed or killed build never leaves one behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from importlib import metadata as package_metadata
from pathlib import Path

from ..records import OutputFile
from .files import write_atomically

STAMP = Path("build") / "stamp.json"
_CODE_DIR = Path(__file__).resolve().parents[1]  # the build's package


def _files_below(folder: Path, skip: Callable[[str], bool] = lambda name: False) -> Iterator[Path]:
    """Every file below ``folder``, in a stable order, leaving out the files
    and folders whose name ``skip`` accepts."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not skip(d))
        for name in sorted(n for n in filenames if not skip(n)):
            yield Path(dirpath) / name


def _code_digest() -> str:
    digest = hashlib.sha256()
    for path in _files_below(_CODE_DIR, skip=lambda name: name == "__pycache__"):
        digest.update(path.relative_to(_CODE_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


# The build's code as this process loaded it: a preview that runs on while
# the code is edited must not record a site made by the old code as the new one's.
_CODE_DIGEST = _code_digest()


def inputs_digest(
    project_dir: Path, files: list[OutputFile], languages: list[str], strict: bool, root_url: str | None
) -> str:
    digest = hashlib.sha256()

    def add(*parts: str | bytes) -> None:
        for part in parts:
            data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "little") + data)

    for file in sorted(files, key=lambda f: f.dest_uri):
        add(file.dest_uri, file.digest or hashlib.sha256((file.content or "").encode("utf-8")).hexdigest())
    add(json.dumps(languages), str(strict), root_url or "", os.environ.get("SOURCE_DATE_EPOCH", ""), sys.version)
    add((project_dir / "mkdocs.yml").read_bytes(), _CODE_DIGEST)
    overrides = project_dir / "docs" / "overrides"
    for path in _files_below(overrides):
        add(path.relative_to(overrides).as_posix(), path.read_bytes())
    with contextlib.suppress(OSError):
        add((_CODE_DIR.parent / "vendor" / "package-lock.json").read_bytes())
    add(json.dumps(sorted(f"{d.metadata['Name']}=={d.version}" for d in package_metadata.distributions())))
    return digest.hexdigest()


def fingerprint(*paths: Path, skip: Callable[[str], bool] = lambda name: False) -> str:
    """The names, sizes and modification times of the files at or below
    ``paths``, leaving out the files and folders whose name ``skip`` accepts."""
    digest = hashlib.sha256()
    for top in paths:
        for path in _files_below(top, skip) if top.is_dir() else [top]:
            try:
                info = path.stat()
            except OSError:
                continue
            digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def site_fingerprint(site_dir: Path) -> str:
    return fingerprint(site_dir)


def up_to_date(project_dir: Path, inputs: str) -> bool:
    try:
        recorded = json.loads((project_dir / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    site_dir = project_dir / "site"
    return (
        isinstance(recorded, dict)
        and recorded.get("inputs") == inputs
        and site_dir.is_dir()
        and recorded.get("site") == site_fingerprint(site_dir)
    )


def forget(project_dir: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (project_dir / STAMP).unlink()


def record(project_dir: Path, inputs: str) -> None:
    data = json.dumps({"inputs": inputs, "site": site_fingerprint(project_dir / "site")}).encode("utf-8")
    write_atomically(project_dir / STAMP, lambda handle: handle.write(data))
