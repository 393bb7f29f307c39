"""Work on every core: a pool of spawned processes, started only for work enough to pay for it.

Spawned, not forked: the build runs its MkDocs builds from threads meanwhile.
Reading and cleaning new seeds and preparing new reports' compare data and
export entries (their alignments) use it; detection
has lingua's own threads, search analysis Node's processes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

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
