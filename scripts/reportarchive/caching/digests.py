"""Digests: the names of contents and the keys of caches.

Every digest of the build is SHA-256 in hex. ``digest`` frames each part
with its length, so ``("ab", "c")`` and ``("a", "bc")`` differ;
``digest_of`` takes a record (frozen dataclasses of strings, numbers and
tuples) by its pickle; ``text_digest`` and ``content_digest`` take one text
or one file's bytes; ``code_version`` takes the source of modules and
whatever else their results depend on.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from ..records import CleanedSeed, Report


def code_version(*modules: ModuleType, data: tuple[str | bytes, ...] = ()) -> str:
    """A digest of the source of ``modules`` and of ``data``: whatever else
    their results depend on (a table they read, a library's version)."""
    files = [Path(str(m.__file__)) for m in modules]
    return digest(*(part for file in files for part in (file.name, file.read_bytes())), *data)


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


class _RecordPickler(pickle.Pickler):
    """Pickles a cleaned seed that has a digest as that digest: it names the
    seed, its text and the code that cleaned it, so the text (kept in the
    seeds memo, caching/stored.py) need not be read back to be digested."""

    def reducer_override(self, obj: object) -> Any:
        if type(obj) is CleanedSeed and obj.digest:
            return str, ("cleaned seed " + obj.digest,)
        return NotImplemented


def digest_of(value: object) -> str:
    """A digest of a record (frozen dataclasses of strings, numbers and tuples).

    Pickled without the pickler's memo ("fast" mode): with it, a string met
    twice is written once and then referred to, so the bytes would depend on
    which strings of the record are one object (the same text read from the
    cache or made anew), not only on what they say.
    """
    buffer = io.BytesIO()
    pickler = _RecordPickler(buffer, protocol=5)
    pickler.fast = True  # records are trees (no cycles): nothing needs the memo
    pickler.dump(value)
    return hashlib.sha256(buffer.getvalue()).hexdigest()


def report_digests(reports: Iterable[Report]) -> dict[str, str]:
    """slug -> ``digest_of(report)``: what the memos know each report's outputs by.
    Computed once a build and handed to every writer (a pickle of each report)."""
    return {report.slug: digest_of(report) for report in reports}


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_digest(content: bytes) -> str:
    """The name of ``content`` in a ``Store``."""
    return hashlib.sha256(content).hexdigest()
