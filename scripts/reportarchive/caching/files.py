"""Files written so that a reader, or a killed build, never sees half of one.

``write_atomically`` writes beside the target and renames over it;
``exchange`` and ``replace_dir`` swap whole folders in one step where the
system can; ``make_staging_dir`` makes the folders they swap in, with the
modes a plain ``mkdir`` gives; ``locked`` keeps two builds from writing the
same folder at once; ``write_if_changed`` leaves a file holding the same
bytes alone (its time too, for a ``--dirty`` MkDocs build).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from .. import layout

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


def remove_leftovers(folder: Path, prefix: str = layout.STAGING_PREFIX) -> None:
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


def write_if_changed(path: str | os.PathLike[str], content: str | bytes) -> bool:
    """Write ``content`` (text in UTF-8, or bytes) to ``path`` unless it holds
    it already (an in-place update then touches only what changed); its folder
    is made when missing."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with open(path, "rb") as existing:
            if existing.read(len(data) + 1) == data:
                return False
    except OSError:
        pass
    try:
        handle = open(path, "wb")
    except FileNotFoundError:  # the first file of its folder
        os.makedirs(os.path.dirname(path), exist_ok=True)
        handle = open(path, "wb")
    with handle:
        handle.write(data)
    return True
