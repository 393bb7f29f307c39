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
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from types import ModuleType

_MISSING = object()


def code_version(*modules: ModuleType, extra_files: tuple[Path, ...] = ()) -> str:
    """A digest of the source of ``modules`` (and of data files they read)."""
    digest = hashlib.sha256()
    for path in [Path(m.__file__) for m in modules] + list(extra_files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


def digest_of(value: object) -> str:
    """A digest of a record (frozen dataclasses of strings, numbers and tuples)."""
    return hashlib.sha256(pickle.dumps(value, protocol=5)).hexdigest()


class Memo:
    """A dictionary from input digests to results, saved in one file.

    Only what a build asked for is saved (``get`` or ``put``), so entries of
    inputs that are gone do not pile up.
    """

    def __init__(self, path: Path | None = None, version: str = ""):
        self.path, self.version = path, version
        self._old: dict = self._load() if path else {}
        self._used: dict = {}
        self.hits = self.misses = 0

    def _load(self) -> dict:
        try:
            with open(self.path, "rb") as handle:
                stamp, entries = pickle.load(handle)
        except Exception:  # missing, truncated, from another Python: start afresh
            return {}
        return entries if stamp == self.version and isinstance(entries, dict) else {}

    def get(self, key: str, default=None):
        value = self._used.get(key, _MISSING)
        if value is _MISSING:
            value = self._old.get(key, _MISSING)
            if value is _MISSING:
                self.misses += 1
                return default
            self._used[key] = value
        self.hits += 1
        return value

    def put(self, key: str, value) -> None:
        self._used[key] = value

    def get_or_compute(self, key: str, compute):
        value = self.get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            self.put(key, value)
        return value

    @property
    def changed(self) -> bool:
        return self._used.keys() != self._old.keys()

    def save(self) -> None:
        """Write what this build used, atomically; nothing when it is unchanged."""
        if self.path is None or not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((self.version, self._used), handle, protocol=5)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        self._old = dict(self._used)
