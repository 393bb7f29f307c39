"""What a person watching a build sees while it runs.

Stages report their work as phases::

    with progress.phase("read", total=len(paths), unit="seed") as advance:
        for path in paths:
            ...
            advance()

Nothing is shown until the command line asks (``progress.show``), so the
stages stay quiet as a library and in the tests. On a terminal each phase is
a progress bar (tqdm: count, rate, time left) that gives way to one line once
done; when the output is not a terminal (a CI log), only that line:
``read: 4,000 seeds in 3.2 s``.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from typing import TextIO

from tqdm import tqdm

_mode: str | None = None  # None: quiet; "bar": a terminal; "lines": a log
_stream: TextIO = sys.stdout


def show(terminal: bool, stream: TextIO = sys.stdout) -> None:
    """Show the phases from now on: as bars on a terminal, else as lines."""
    global _mode, _stream
    _mode, _stream = ("bar" if terminal else "lines"), stream


def quiet() -> None:
    global _mode
    _mode = None


def _plural(unit: str, count: int) -> str:
    return unit if count == 1 else unit + "s"


@contextlib.contextmanager
def phase(name: str, total: int, unit: str) -> Iterator[Callable[..., object]]:
    """A phase of ``total`` units; the callable it gives counts them done (one by default)."""
    if _mode is None:
        yield lambda n=1: None
        return
    start = time.perf_counter()
    bar = None
    if _mode == "bar":
        bar = tqdm(total=total, desc=name, unit=f" {unit}s", file=_stream, leave=False, dynamic_ncols=True)
    try:
        yield bar.update if bar is not None else (lambda n=1: None)
    finally:
        if bar is not None:
            bar.close()
    elapsed = time.perf_counter() - start
    print(f"{name}: {total:,} {_plural(unit, total)} in {elapsed:.1f} s", file=_stream, flush=True)
