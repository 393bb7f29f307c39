"""Results of pure stages, kept between builds and keyed by their inputs.

A stage's output depends only on its inputs and on the code that computes
it, so a build can reuse the output of an earlier build whenever the digest
of the inputs is the same: a seed's raw bytes for reading and cleaning, a
report's records for its pages. One file per memo under ``.cache/`` holds
what the builds computed, stamped with a digest of the source of the modules
that compute the values: editing that code empties the memo, so a stale
result can never outlive the code that made it.

The file is an SQLite database of pickled values (the project's own
records, written and read by the build only, like Python's own
``__pycache__``). A value is read when asked for and not kept: the memos of
an archive hold every page and every text several times over, far more than
a build may hold in memory at once. What a build adds is written in batches
as it goes; a build killed midway loses at most its last batch, never what
was there before (SQLite's transactions). Entries of inputs that are gone are
dropped once they outnumber those in use.
"""

from __future__ import annotations

import contextlib
import pickle
import sqlite3
import threading
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Any, TypeVar

_MISSING = object()
T = TypeVar("T")
# What a build may hold of values not yet written (pickled bytes).
BATCH_BYTES = 16_000_000


def _key_bytes(key: Hashable) -> bytes:
    """A key as stored: a digest as itself, anything else by its pickle
    (plain values and frozen records pickle to the same bytes every time)."""
    if isinstance(key, str):
        return b"s" + key.encode("utf-8")
    return b"p" + pickle.dumps(key, protocol=5)


class Memo:
    """A dictionary from inputs (a digest, or a tuple of plain values) to
    results, kept in one SQLite file (``path``), or in memory without one."""

    def __init__(self, path: Path | None = None, version: str = ""):
        self.path, self.version = path, version
        self._db: sqlite3.Connection | None = None
        self._memory: dict[bytes, Any] = {}  # without a file: the values themselves
        self._pending: dict[bytes, bytes] = {}  # added, not yet written
        self._pending_bytes = 0
        self._used: set[bytes] = set()  # read or added by this build
        self.hits = self.misses = 0
        # Stages read texts from threads too (the search's analysis feeds Node
        # from a thread per core): one connection, used by one thread at a time.
        self._lock = threading.RLock()

    # ------------------------------------------------------------- the file

    def _connection(self) -> sqlite3.Connection | None:
        """The database, opened on first use (a build may never need it);
        emptied when another version of the code wrote it."""
        if self.path is None:
            return None
        if self._db is None:
            self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = self._connect()
        except sqlite3.DatabaseError:  # not a database at all (an older cache, a damaged file)
            self.path.unlink(missing_ok=True)
            db = self._connect()
        with _transaction(db):
            self._claim(db)
        return db

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        # A cache: a kill loses the last batch at most; the system's crash, the cache.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS entries (key BLOB PRIMARY KEY, value BLOB) WITHOUT ROWID")
        return db

    def _claim(self, db: sqlite3.Connection) -> None:
        """Make the file this code version's (emptied if it held another's).
        Called within a transaction."""
        row = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
        if row is None or row[0] != self.version:
            db.execute("DELETE FROM entries")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (self.version,))

    def _flush(self) -> None:
        db = self._connection()
        if db is None or not self._pending:
            return
        with _transaction(db):
            # Another build on edited code may have claimed the file meanwhile:
            # what this code computed must not carry that code's version.
            self._claim(db)
            db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", self._pending.items())
        self._pending.clear()
        self._pending_bytes = 0

    # ---------------------------------------------------------- dictionary

    def get(self, key: Hashable, default: Any = None) -> Any:
        stored = _key_bytes(key)
        with self._lock:
            value = self._lookup(stored)
        if value is _MISSING:
            self.misses += 1
            return default
        self._used.add(stored)
        self.hits += 1
        return value

    def _lookup(self, stored: bytes) -> Any:
        if self.path is None:
            return self._memory.get(stored, _MISSING)
        data = self._pending.get(stored)
        if data is None:
            db = self._connection()
            assert db is not None
            row = db.execute("SELECT value FROM entries WHERE key = ?", (stored,)).fetchone()
            if row is None:
                return _MISSING
            data = row[0]
        try:
            return pickle.loads(data)
        except Exception:  # written by other code under the same label, or damaged: recompute
            return _MISSING

    def has(self, key: Hashable) -> bool:
        """Whether ``key`` has a value (counted as used; nothing is unpickled)."""
        with self._lock:
            return self._has(_key_bytes(key))

    def _has(self, stored: bytes) -> bool:
        if self.path is None:
            found = stored in self._memory
        elif stored in self._pending:
            found = True
        else:
            db = self._connection()
            assert db is not None
            found = db.execute("SELECT 1 FROM entries WHERE key = ?", (stored,)).fetchone() is not None
        if found:
            self._used.add(stored)
        return found

    def put(self, key: Hashable, value: Any) -> None:
        stored = _key_bytes(key)
        with self._lock:
            self._put(stored, value)

    def _put(self, stored: bytes, value: Any) -> None:
        self._used.add(stored)
        if self.path is None:
            self._memory[stored] = value
            return
        data = pickle.dumps(value, protocol=5)
        self._pending[stored] = data
        self._pending_bytes += len(data)
        if self._pending_bytes > BATCH_BYTES:
            self._flush()

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            self.put(key, value)
        result: T = value
        return result

    def save(self) -> None:
        """Write what this build added; drop entries nothing used once they
        outnumber those in use. The memo stays usable (a live preview
        builds again and again with it)."""
        with self._lock:
            self._save()

    def _save(self) -> None:
        if self._db is None and not self._pending:  # never used
            return
        self._flush()
        db = self._connection()
        if db is None:
            return
        total = db.execute("SELECT count(*) FROM entries").fetchone()[0]
        if total - len(self._used) > len(self._used):
            with _transaction(db):
                db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key BLOB PRIMARY KEY) WITHOUT ROWID")
                db.execute("DELETE FROM used")
                db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((key,) for key in self._used))
                db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
                db.execute("DELETE FROM used")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
