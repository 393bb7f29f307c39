"""Work on every core: a pool of spawned processes, started only for work enough to pay for it.

Spawned, not forked: the build runs its MkDocs builds from threads meanwhile.
Reading and cleaning new seeds, fastText's detection of their languages,
reading new datelines, deriving new titles and preparing new reports'
compare data and export entries (their alignments) use it; lingua has its
own threads, the search's analysis Node's processes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from .caching.memo import Memo

J = TypeVar("J")
R = TypeVar("R")


class Pool:
    """``map`` in this process for fewer than ``minimum`` jobs (or on one
    core), else in worker processes started on first need and kept for the
    next ``map`` until ``close``; each worker takes its jobs in about
    ``chunks`` pieces."""

    def __init__(self, minimum: int, chunks: int = 4) -> None:
        self.minimum, self.chunks = minimum, chunks
        self.workers = os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def map(self, function: Callable[[J], R], jobs: list[J]) -> list[R]:
        if len(jobs) < self.minimum or self.workers < 2:
            return [function(job) for job in jobs]
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"))
        return list(self._pool.map(function, jobs, chunksize=max(1, len(jobs) // (self.chunks * self.workers))))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


@contextmanager
def pool(minimum: int, chunks: int = 4) -> Iterator[Pool]:
    workers = Pool(minimum, chunks)
    try:
        yield workers
    finally:
        workers.close()


# Jobs made and sent at a time by ``fill``: their inputs (texts) are made for it, and no others'.
FILL_BATCH = 2000


def fill(memo: Memo, missing: Iterable[tuple[Hashable, J]], function: Callable[[J], R], minimum: int) -> None:
    """Work out ``function(job)`` for each (key, job) of ``missing`` (the keys
    ``memo`` lacks, made as they are asked for) and keep it in ``memo`` under
    its key, a batch at a time: on every core for ``minimum`` jobs or more
    (the workers' memory, such as a parser's language data, goes with them).
    A stage then finds each of its values in the memo."""
    jobs = iter(missing)
    with pool(minimum) as workers:
        while batch := list(islice(jobs, FILL_BATCH)):
            for (key, _), value in zip(batch, workers.map(function, [job for _, job in batch]), strict=True):
                memo.put(key, value)
