"""The generated files by the digest of their content (``.cache/docs/``)."""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from pathlib import Path

from .digests import content_digest
from .files import write_atomically


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
        file for it (in place of any copy the store has): the store gets
        back what it dropped, and the file stays known unchanged by its inode."""
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


def same_file(a: Path | str, b: Path | str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
