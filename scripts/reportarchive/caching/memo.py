"""Results of pure stages, kept between builds and keyed by their inputs.

A stage's output depends only on its inputs and on the code that computes
it, so a build can reuse the output of an earlier build whenever the digest
of the inputs is the same: a seed's raw bytes for reading and cleaning, a
report's records for its pages. One file per memo under ``.cache/`` holds
what the last build used, stamped with a digest of the source of the modules
that compute the values: editing that code drops the memo as a whole, so a
stale result can never outlive the code that made it.

The files are pickles of the project's own records, written and read by the
build only, like Python's own ``__pycache__``.
"""

from __future__ import annotations

import contextlib
import gc
import pickle
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from .files import write_atomically

_MISSING = object()
T = TypeVar("T")


class Memo:
    """A dictionary from inputs (a digest, or a tuple of plain values) to results, saved in one file.

    The file is a stream of pickles: the code version, the entries as one
    dictionary, then one ``(key, value)`` record per entry added since. A
    build appends what it added (a live preview that changed one seed writes
    one record, not the whole memo); the file is rewritten with only what the
    build used once entries of inputs that are gone outnumber those in use.
    A record cut short by a killed build ends the stream: what came before it
    is kept.
    """

    def __init__(self, path: Path | None = None, version: str = ""):
        self.path, self.version = path, version
        self._damaged = False  # records after a damaged one would never be read: rewrite
        self._loaded: dict[Hashable, Any] | None = None if path else {}
        self._used: dict[Hashable, Any] = {}
        self.hits = self.misses = 0

    @property
    def _old(self) -> dict[Hashable, Any]:
        """What the file holds, read on first use (a build may never need it)."""
        if self._loaded is None:
            self._loaded = self._load()
        return self._loaded

    @_old.setter
    def _old(self, value: dict[Hashable, Any]) -> None:
        self._loaded = value

    def _load(self) -> dict[Hashable, Any]:
        # Unpickling makes a great many objects and no cycles: without the
        # cyclic collector running over and over, loading takes half the time.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._read()
        finally:
            if collecting:
                gc.enable()

    def _read(self) -> dict[Hashable, Any]:
        entries: dict[Hashable, Any] = {}
        if self.path is None:
            return entries
        try:
            with open(self.path, "rb") as handle:
                if pickle.load(handle) != ("memo", self.version):
                    self._damaged = True
                    return {}
                while True:
                    record = pickle.load(handle)
                    if isinstance(record, dict):
                        entries.update(record)
                    else:
                        key, value = record
                        entries[key] = value
        except EOFError:
            return entries
        except FileNotFoundError:
            return {}
        except Exception:  # truncated, or not a memo at all: keep what was read
            self._damaged = True
            return entries

    def get(self, key: Hashable, default: Any = None) -> Any:
        value = self._used.get(key, _MISSING)
        if value is _MISSING:
            value = self._old.get(key, _MISSING)
            if value is _MISSING:
                self.misses += 1
                return default
            self._used[key] = value
        self.hits += 1
        return value

    def put(self, key: Hashable, value: Any) -> None:
        self._used[key] = value

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            self.put(key, value)
        result: T = value
        return result

    def save(self) -> None:
        """Append what this build added; rewrite the file when mostly stale."""
        if self.path is None or (self._loaded is None and not self._used):  # never used
            return
        added = [key for key in self._used if key not in self._old]
        stale = len(self._old) - (len(self._used) - len(added))
        if self._damaged or stale > len(self._used) or not self.path.exists():
            self._rewrite()
        elif added:
            records = b"".join(pickle.dumps((key, self._used[key]), protocol=5) for key in added)
            with open(self.path, "a+b") as handle:  # writes go to the end whatever the position
                _lock(handle)
                if not self._header_is_ours(handle):  # rewritten meanwhile by other code
                    handle.close()
                    self._rewrite()
                    return
                handle.write(records)
        self._old.update((key, self._used[key]) for key in added)

    def _header_is_ours(self, handle: BinaryIO) -> bool:
        handle.seek(0)
        try:
            return bool(pickle.load(handle) == ("memo", self.version))
        except Exception:
            return False

    def _rewrite(self) -> None:
        def write(handle: BinaryIO) -> None:
            pickle.dump(("memo", self.version), handle, protocol=5)
            pickle.dump(self._used, handle, protocol=5)

        assert self.path is not None
        write_atomically(self.path, write)
        self._old, self._damaged = dict(self._used), False


def _lock(handle: BinaryIO) -> None:
    """Two builds appending at once must not interleave their records."""
    with contextlib.suppress(ImportError):
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # released when the file is closed
