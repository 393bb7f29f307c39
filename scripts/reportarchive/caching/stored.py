"""A seed's blocks kept in the seeds memo rather than in memory.

Every stage after reading needs a report's text only while it works on that
report (its page, its alignments, its export, its search terms), but the
build goes through every report several times, and an archive's texts are
far more than a build may hold at once (hundreds of megabytes at tens of
thousands of seeds). So once cleaned, a seed's record keeps its blocks as a
``StoredBlocks``: the key of the cleaned seed in the seeds memo, and how many
blocks there are. Iterating or indexing it reads the blocks back from the
memo (the last few read are kept: a stage reads a text several times while
it works on it), and lets them go.

It reads as the tuple it stands for: equal to the same blocks, hashed as
them, and pickled as them (a record sent to another process, or digested
for a cache key, carries its text, as a record made anew does).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any, overload

from ..records import Block
from .memo import Memo

# Texts kept after reading: a stage's few at a time (a report's versions, a batch's pairs).
RECENT_TEXTS = 256


class MissingText(RuntimeError):
    """The seeds memo lost a text the build is using (it never should: one build at a time)."""


@lru_cache(maxsize=RECENT_TEXTS)
def _read(memo: Memo, key: str) -> tuple[Block, ...]:
    value = memo.get(key)
    if value is None:
        raise MissingText(f"the text of seed {key[:12]}… is no longer in the seeds memo; build again")
    blocks: tuple[Block, ...] = tuple(value[1].blocks)  # the memo holds (content hash, cleaned seed)
    return blocks


class StoredBlocks(Sequence[Block]):
    __slots__ = ("_memo", "_key", "_count")

    def __init__(self, memo: Memo, key: str, count: int) -> None:
        self._memo, self._key, self._count = memo, key, count

    def blocks(self) -> tuple[Block, ...]:
        return _read(self._memo, self._key)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Block: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Block, ...]: ...

    def __getitem__(self, index: int | slice) -> Block | tuple[Block, ...]:
        return self.blocks()[index]

    def __iter__(self) -> Iterator[Block]:
        return iter(self.blocks())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StoredBlocks) and other._memo is self._memo and other._key == self._key:
            return True
        if isinstance(other, (StoredBlocks, tuple)):
            return self.blocks() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.blocks())

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (self.blocks(),))

    def __repr__(self) -> str:
        return f"StoredBlocks({self._key[:12]}…, {self._count} blocks)"


def forget_recent() -> None:
    """Let go of the texts kept after reading (a memo closing, a test)."""
    _read.cache_clear()
