"""Writing the generated language trees: the only stage that touches docs/.

The new trees are assembled in a staging folder next to ``docs/`` and then
swapped in one language folder at a time. Each swap is atomic: on Linux the
new and the old folder trade places in one ``renameat2(RENAME_EXCHANGE)``
call, so ``docs/<lang>`` always exists and is always either the old or the
new complete tree, whenever the build is killed; elsewhere it falls back to
two renames. A swap that fails (an exception, not a kill) puts back every
language already swapped. A build killed while staging leaves a
``.staging-*`` folder; the next write removes it. Writers lock ``docs/``
itself (``flock``), so two builds never interleave their swaps.

Unchanged files are hard-linked from the old tree rather than rewritten,
keeping their inode and mtime (so a watcher or ``--dirty`` build sees only
what really changed), and a language whose files are all unchanged is not
swapped at all.

With a ``Store`` (``.cache/docs/``), every file is kept there under the
digest of its content, read-only, and the trees hold hard links to it: a file
whose content the store already has costs a link, not a write, even when
``docs/`` was removed; and a file of the old tree that is the store's own
file for the new content is known unchanged without reading it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from . import layout, timing
from .records import OutputFile

STAGING_PREFIX = layout.STAGING_PREFIX

# The process's umask, read once (reading it means setting it). Folders and
# files the build creates through tempfile get the modes a plain mkdir/open
# would give: tempfile's own 0700/0600 would hide site/ from a web server
# running as another user.
_UMASK = os.umask(0o022)
os.umask(_UMASK)
DIR_MODE = 0o777 & ~_UMASK
FILE_MODE = 0o666 & ~_UMASK

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def generated_dirs(docs_dir: Path) -> list[Path]:
    """The generated language trees of ``docs/`` (everything else there is hand-written)."""
    if not docs_dir.is_dir():
        return []
    return sorted(p for p in docs_dir.iterdir() if p.is_dir() and layout.LANGUAGE_DIR.match(p.name))


def _same_content(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def _renameat2() -> Callable[..., int] | None:
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    renameat2: Callable[..., int] = function
    return renameat2


_RENAMEAT2 = _renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two existing paths; ``False`` where the system cannot."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def replace_dir(new: Path, target: Path) -> Path | None:
    """Put the folder ``new`` at ``target``; return where the old ``target`` went.

    With an old ``target`` the two trade places atomically where the system
    allows it (the old tree is then at ``new``); ``target`` is never missing
    then. Without one, it is a plain rename.
    """
    if not target.exists():
        os.replace(new, target)
        return None
    if exchange(new, target):
        return new
    old = new.with_name(new.name + ".old")
    os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old, target)
        raise
    return old


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` itself (no lock file is left behind)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def make_staging_dir(parent: Path, prefix: str) -> Path:
    """A new, uniquely named folder in ``parent`` with the usual folder mode."""
    path = tempfile.mkdtemp(prefix=prefix, dir=parent)
    os.chmod(path, DIR_MODE)
    return Path(path)


def remove_leftovers(folder: Path, prefix: str = STAGING_PREFIX) -> None:
    """Staging folders of builds that were killed (call with the lock held)."""
    for leftover in folder.glob(prefix + "*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write ``path`` through ``write(handle)`` into a temporary file beside it
    that then replaces it: readers see the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def content_digest(content: bytes) -> str:
    """The name of ``content`` in a ``Store``."""
    return hashlib.sha256(content).hexdigest()


class Store:
    """Generated files by the digest of their content, shared by hard links.

    The files are read-only, but an editor may still write one in place
    through its link in ``docs/`` (root can, and some editors do for files
    with several links): that would change the store's copy too. So the store
    keeps each file's size and modification time as it left them (in
    ``<folder>-index.pickle``) and trusts only a file that still has them; any
    other is dropped and its content made again. A build killed before the
    index is saved costs renders, never a wrong page.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self._prefix = os.path.join(folder, "")  # names are joined to it thousands of times
        self.index_path = folder.with_name(folder.name + "-index.pickle")
        self._used: set[str] = set()
        self._listed: set[str] | None = None
        self._signatures: dict[str, tuple[int, int]] | None = None
        self._intact: set[str] = set()

    def use(self, name: str) -> str:
        """Where the content named ``name`` is (or goes), marked as used by this build
        (what no build used is pruned from the store)."""
        self._used.add(name)
        return self._prefix + name

    @property
    def signatures(self) -> dict[str, tuple[int, int]]:
        if self._signatures is None:
            try:
                with open(self.index_path, "rb") as handle:
                    loaded = pickle.load(handle)
                self._signatures = loaded if isinstance(loaded, dict) else {}
            except Exception:  # missing, cut short or not an index: nothing is trusted
                self._signatures = {}
        return self._signatures

    def has(self, name: str) -> bool:
        """Whether the store holds ``name``, as it wrote it (one listing of the
        folder, and a stat of the files asked about)."""
        if self._listed is None:
            try:
                self._listed = set(os.listdir(self.folder))
            except OSError:
                self._listed = set()
        return name in self._listed and self.intact(name)

    def intact(self, name: str) -> bool:
        """Whether the file ``name`` is as the store left it; a changed one is removed."""
        if name in self._intact:
            return True
        path = self._prefix + name
        try:
            info = os.stat(path)
        except OSError:
            return False
        if self.signatures.get(name) == (info.st_size, info.st_mtime_ns):
            self._intact.add(name)
            return True
        with contextlib.suppress(OSError):
            os.unlink(path)
        if self._listed is not None:
            self._listed.discard(name)
        return False

    def _sign(self, name: str, path: str) -> None:
        info = os.stat(path)
        self.signatures[name] = (info.st_size, info.st_mtime_ns)
        self._intact.add(name)

    def put(self, content: bytes, name: str = "") -> str:
        name = name or content_digest(content)
        path = self.use(name)
        if self.intact(name):
            return path
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
            os.chmod(tmp, 0o444)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        self._sign(name, path)
        return path

    def adopt(self, name: str, path: str, content: bytes) -> None:
        """Take the file ``path``, found to hold ``content``, as the store's
        file for it (unless the store has it intact): the store gets back
        what it dropped, and the file stays known unchanged by its inode."""
        if self.intact(name):
            return
        stored = self.use(name)
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = os.path.join(self.folder, f".tmp-{os.getpid()}-{name}")
        try:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            os.link(path, tmp)
            os.chmod(tmp, 0o444)
            os.replace(tmp, stored)
        except OSError:  # another file system, no hard links: a copy
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            self.put(content, name)
            return
        self._sign(name, stored)

    def touch(self, name: str, target: str) -> None:
        """Date ``target``, a link to ``name``, now (and so the store's file)."""
        os.utime(target)
        self._sign(name, target)

    def prune(self) -> None:
        """Remove what this build did not use (and leftovers of killed builds);
        save the index of what is left."""
        with contextlib.suppress(FileNotFoundError):
            for entry in os.scandir(self.folder):
                if entry.name not in self._used:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
        kept = {name: signature for name, signature in self.signatures.items() if name in self._used}
        write_atomically(self.index_path, lambda handle: pickle.dump(kept, handle, protocol=5))


@dataclass(frozen=True)
class _Item:
    """A file to write: its content, or only the name of its content in the store."""

    relative: str
    content: bytes | None
    name: str  # the content's name in the store (when there is one)


def _same_file(a: Path | str, b: Path | str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _unchanged(previous: Path, item: _Item, store: Store | None) -> bool:
    """Whether the old tree's file holds the item's content (the store's own, intact, file does)."""
    if store is not None and store.intact(item.name) and _same_file(previous, store.use(item.name)):
        return True
    if item.content is None or not _same_content(previous, item.content):
        return False
    if store is not None:
        store.adopt(item.name, str(previous), item.content)
    return True


def _place(item: _Item, target: str, store: Store | None, touch: bool = True) -> None:
    """Write ``target``, as a link to the store's copy when there is a store
    (``touch``: dated now, as a tree that had it before needs, for --dirty)."""
    if store is not None:
        stored = store.use(item.name) if item.content is None else store.put(item.content, item.name)
        try:
            os.link(stored, target)
        except OSError:  # another file system, no hard links: a plain copy
            if item.content is None:
                shutil.copyfile(stored, target)
                return
        else:
            if touch:  # new to this tree: newer than its HTML, for --dirty
                store.touch(item.name, target)
            return
    assert item.content is not None, "a file the store does not have needs its content"
    with open(target, "wb") as handle:
        handle.write(item.content)


@dataclass(frozen=True)
class Written:
    """What a write did: file counts, and the language trees it swapped in or out."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0
    changed: tuple[str, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        return {"written": self.written, "unchanged": self.unchanged, "removed": self.removed}


def write_tree(docs_dir: Path, files: list[OutputFile], store: Store | None = None) -> Written:
    """Replace the generated trees under ``docs_dir`` by ``files``."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    with locked(docs_dir):
        remove_leftovers(docs_dir)
        written = _write_tree(docs_dir, files, store)
        if store is not None:
            store.prune()
    return written


def _files_below(root: Path) -> set[str]:
    """Every file below ``root``, as paths relative to it with forward slashes."""
    found: set[str] = set()
    for dirpath, _, filenames in os.walk(root):
        prefix = os.path.relpath(dirpath, root).replace(os.sep, "/")
        found.update(name if prefix == "." else f"{prefix}/{name}" for name in filenames)
    return found


def _write_tree(docs_dir: Path, files: list[OutputFile], store: Store | None) -> Written:
    counts = {"written": 0, "unchanged": 0, "removed": 0}
    by_language: dict[str, list[_Item]] = {}
    for file in files:
        language, relative = file.dest_uri.split("/", 1)
        if file.content is None and store is None:
            raise ValueError(f"{file.dest_uri}: no content, and no store to take it from")
        content = None if file.content is None else file.content.encode("utf-8")
        name = file.digest or (content_digest(content) if store is not None and content is not None else "")
        by_language.setdefault(language, []).append(_Item(relative, content, name))
    old_dirs = {p.name: p for p in generated_dirs(docs_dir)}
    staging = make_staging_dir(docs_dir, STAGING_PREFIX)
    try:
        changed: list[str] = []
        for language, language_files in sorted(by_language.items()):
            old_root = old_dirs.get(language)
            same = [
                old_root is not None and _unchanged(old_root / item.relative, item, store) for item in language_files
            ]
            stale = _files_below(old_root) - {item.relative for item in language_files} if old_root else set()
            counts["removed"] += len(stale)
            if all(same) and not stale and old_root is not None:
                counts["unchanged"] += len(same)  # nothing to stage: the tree stays as it is
                continue
            new_root = os.path.join(staging, language)  # strings: thousands of files, pathlib is slow
            made: set[str] = set()
            for item, unchanged in zip(language_files, same, strict=True):
                target = os.path.join(new_root, item.relative)
                parent = os.path.dirname(target)
                if parent not in made:
                    os.makedirs(parent, exist_ok=True)
                    made.add(parent)
                if unchanged and old_root is not None:
                    os.link(os.path.join(old_root, item.relative), target)
                    counts["unchanged"] += 1
                else:
                    _place(item, target, store, touch=old_root is not None)
                    counts["written"] += 1
            changed.append(language)
        removed = [language for language in old_dirs if language not in by_language]
        for language in removed:
            counts["removed"] += len(_files_below(old_dirs[language]))
        timing.checkpoint("docs-staged")
        _swap(docs_dir, staging, changed, removed)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Written(**counts, changed=tuple(changed + removed))


def _swap(docs_dir: Path, staging: Path, changed: list[str], removed: list[str]) -> None:
    """Swap the staged languages in and the removed ones out; all or none.

    An exception on the way puts back what was already swapped (a kill
    cannot be undone, but every single swap is atomic, see ``replace_dir``).
    """
    undo: list[tuple[Path, Path | None, Path | None]] = []  # (target, where its old tree went, staged path)
    try:
        for language in changed:
            target, staged = docs_dir / language, staging / language
            undo.append((target, replace_dir(staged, target), staged))
        for language in removed:
            target, gone = docs_dir / language, staging / f".old-{language}"
            os.replace(target, gone)
            undo.append((target, gone, None))
    except BaseException:
        for target, old, staged_at in reversed(undo):
            with contextlib.suppress(OSError):
                if old is None:  # a new language: take it out again
                    assert staged_at is not None
                    os.replace(target, staged_at)
                elif old == staged_at:  # exchanged: exchange back
                    replace_dir(old, target)
                else:  # renamed aside (a removed language, or no exchange)
                    if staged_at is not None and target.exists():
                        os.replace(target, staged_at)
                    os.replace(old, target)
        raise
