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

Finding out costs reading every seed, though (tens of seconds at tens of
thousands of seeds). So the stamp also keeps a quick key (``quick_key``: the
same environment, and the names, sizes and modification times of the seeds
and of ``docs/`` rather than their contents) and what the build said of the
seeds; a build whose quick key and ``site/`` match says it again and stops,
having read no seed. Any doubt (a touched seed, a copied folder) only sends
a build the long way, which records the quick key anew.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from functools import lru_cache
from importlib import metadata as package_metadata
from pathlib import Path
from typing import Any

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


class _Digest:
    def __init__(self) -> None:
        self._sha = hashlib.sha256()

    def add(self, *parts: str | bytes) -> None:
        for part in parts:
            data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
            self._sha.update(len(data).to_bytes(8, "little") + data)

    def hexdigest(self) -> str:
        return self._sha.hexdigest()


def _add_environment(digest: _Digest, project_dir: Path, strict: bool, root_url: str | None) -> None:
    """What a site is made from besides the pages: options, configuration, code, packages."""
    digest.add(str(strict), root_url or "", os.environ.get("SOURCE_DATE_EPOCH", ""), sys.version)
    digest.add((project_dir / "mkdocs.yml").read_bytes(), _CODE_DIGEST)
    overrides = project_dir / "docs" / "overrides"
    for path in _files_below(overrides):
        digest.add(path.relative_to(overrides).as_posix(), path.read_bytes())
    with contextlib.suppress(OSError):
        digest.add((_CODE_DIR.parent / "vendor" / "package-lock.json").read_bytes())
    digest.add(_installed_packages())


@lru_cache(maxsize=1)
def _installed_packages() -> str:
    """Every installed package and its version, listed once a process (reading
    every package's metadata takes a few tenths of a second, and a build asks
    at its start and at its end)."""
    return json.dumps(sorted(f"{d.metadata['Name']}=={d.version}" for d in package_metadata.distributions()))


def inputs_digest(
    project_dir: Path, files: list[OutputFile], languages: list[str], strict: bool, root_url: str | None
) -> str:
    digest = _Digest()
    for file in sorted(files, key=lambda f: f.dest_uri):
        digest.add(file.dest_uri, file.digest or hashlib.sha256((file.content or "").encode("utf-8")).hexdigest())
    digest.add(json.dumps(languages))
    _add_environment(digest, project_dir, strict, root_url)
    return digest.hexdigest()


def quick_start(seeds_dir: Path, project_dir: Path, options: str, strict: bool, root_url: str | None) -> str:
    """The first part of the quick key, taken as a build starts: the seeds by
    their files' names, sizes and modification times (a seed edited while the
    build reads must not pass for read), with the environment and ``options``
    (what else changes what a build says)."""
    digest = _Digest()
    digest.add(options, fingerprint(seeds_dir))
    _add_environment(digest, project_dir, strict, root_url)
    return digest.hexdigest()


def quick_key(start: str, project_dir: Path) -> str:
    """``quick_start`` with ``docs/`` as it is now (the build writes it: its
    state once written is what the next build must find)."""
    digest = _Digest()
    digest.add(start, fingerprint(project_dir / "docs"))
    return digest.hexdigest()


def stats_below(top: Path, skip: Callable[[str], bool] = lambda name: False) -> Iterator[tuple[str, os.stat_result]]:
    """(path, stat) of the file ``top`` or of every file below it, by name at
    each level, leaving out the files and folders whose name ``skip`` accepts
    and what cannot be read. (One ``scandir`` and one ``stat`` a file: a site
    has hundreds of thousands.)"""

    def walk(folder: str) -> Iterator[tuple[str, os.stat_result]]:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return
        for entry in entries:
            if skip(entry.name):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    yield from walk(entry.path)
                else:
                    yield entry.path, entry.stat()
            except OSError:
                continue

    if top.is_dir():
        yield from walk(str(top))
    else:
        with contextlib.suppress(OSError):
            yield str(top), top.stat()


def fingerprint(*paths: Path, skip: Callable[[str], bool] = lambda name: False) -> str:
    """The names, sizes and modification times of the files at or below
    ``paths``, leaving out the files and folders whose name ``skip`` accepts."""
    digest = hashlib.sha256()
    for top in paths:
        for path, info in stats_below(top, skip):
            digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def site_fingerprint(site_dir: Path) -> str:
    return fingerprint(site_dir)


def _recorded(project_dir: Path) -> dict[str, Any]:
    try:
        recorded = json.loads((project_dir / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return recorded if isinstance(recorded, dict) else {}


def _site_unchanged(project_dir: Path, recorded: dict[str, Any]) -> bool:
    site_dir = project_dir / "site"
    return site_dir.is_dir() and recorded.get("site") == site_fingerprint(site_dir)


def up_to_date(project_dir: Path, inputs: str) -> bool:
    recorded = _recorded(project_dir)
    return recorded.get("inputs") == inputs and _site_unchanged(project_dir, recorded)


def said_before(project_dir: Path, quick: str) -> dict[str, Any] | None:
    """What the last build said ({"lines": [[stream, line], …], "code": exit
    code}) when its quick key is ``quick`` and ``site/`` is as it left it; else None."""
    recorded = _recorded(project_dir)
    said = recorded.get("said")
    if recorded.get("quick") != quick or not isinstance(said, dict) or not _site_unchanged(project_dir, recorded):
        return None
    return said


def forget(project_dir: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (project_dir / STAMP).unlink()


def record(project_dir: Path, inputs: str, quick: str | None = None, said: dict[str, Any] | None = None) -> None:
    """The stamp of a complete ``site/``; with ``quick`` and what the build
    said, for the next build to say again if nothing changed."""
    stamp: dict[str, Any] = {"inputs": inputs, "site": site_fingerprint(project_dir / "site")}
    if quick is not None and said is not None:
        stamp.update(quick=quick, said=said)
    data = json.dumps(stamp, ensure_ascii=False).encode("utf-8")
    write_atomically(project_dir / STAMP, lambda handle: handle.write(data))
