"""Where a build spends its time, as the build itself reports it.

Stages mark themselves with ``@timing.stage("name")``: the process keeps the
seconds spent in each and how often it ran; ``timing.interval`` keeps when a
piece of work started and ended (each language's MkDocs build). ``make
bench`` runs the build and reads ``timing.record()``. The names live with
the code they time, so a renamed function stays timed.

Only the process that calls a stage counts it: work sent to other processes
(cleaning new seeds, detecting languages, aligning) is timed as the call
that waits for it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_STARTED = time.perf_counter()
_lock = threading.Lock()
_seconds: dict[str, float] = {}
_calls: dict[str, int] = {}
_intervals: dict[str, dict[str, list[float]]] = {}


def stage(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Count the time spent in the decorated function (and its calls) as ``name``."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def timed(*args: P.args, **kwargs: P.kwargs) -> R:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                with _lock:
                    _seconds[name] = _seconds.get(name, 0.0) + elapsed
                    _calls[name] = _calls.get(name, 0) + 1

        return timed

    return decorate


@contextlib.contextmanager
def interval(kind: str, key: str) -> Iterator[None]:
    """Keep when the work inside started and ended (seconds since the build's import)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        with _lock:
            _intervals.setdefault(kind, {})[key] = [start - _STARTED, time.perf_counter() - _STARTED]


# A test names a checkpoint here to find the build stopped there (SIGSTOP),
# and kill it at that very point: in the middle of a phase, not at a guess.
STOP_AT_VARIABLE = "REPORT_ARCHIVE_STOP_AT"


def checkpoint(name: str) -> None:
    """A point of the build a test can stop it at (``REPORT_ARCHIVE_STOP_AT``)."""
    if os.environ.get(STOP_AT_VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGSTOP)


def record() -> dict[str, dict[str, Any]]:
    """Everything timed so far in this process: ``seconds`` and ``calls`` by
    stage, ``intervals`` by kind and key."""
    with _lock:
        return {
            "seconds": dict(_seconds),
            "calls": dict(_calls),
            "intervals": {kind: dict(spans) for kind, spans in _intervals.items()},
        }
