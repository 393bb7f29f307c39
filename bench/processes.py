"""Processes the benchmark (and the tests) start and watch: their memory, a
free port for a server, and how to stop a whole process group."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import threading

_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _process_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, resident bytes), from /proc."""
    table = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return table
    for name in entries:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
            with open(f"/proc/{name}/statm", "rb") as f:
                statm = f.read()
            ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
            table[int(name)] = (ppid, int(statm.split()[1]) * _PAGE_SIZE)
        except (OSError, ValueError, IndexError):
            continue
    return table


def tree_rss(root: int) -> tuple[int, int]:
    """The summed and the largest RSS of ``root`` and its descendants."""
    table = _process_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, largest, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        if pid in table:
            total += table[pid][1]
            largest = max(largest, table[pid][1])
        todo.extend(children.get(pid, ()))
    return total, largest


class MemorySampler(threading.Thread):
    """The peak of the summed RSS of a process and its descendants."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak, self.peak_single = pid, interval, 0, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            total, largest = tree_rss(self.pid)
            self.peak, self.peak_single = max(self.peak, total), max(self.peak_single, largest)
            self._stop_event.wait(self.interval)

    def stop(self) -> tuple[int, int]:
        self._stop_event.set()
        self.join()
        return self.peak, self.peak_single


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_process_group(process: subprocess.Popen, wait_s: float = 20) -> None:
    """End a process started in a session of its own, and its children:
    politely, then for good."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=wait_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# Debian's Chromium as the tests and the benchmark start it (no background requests to Google's hosts).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError(
            "Chromium not found: run `make test` (it installs Debian's chromium) or apt-get install chromium"
        )
    return path
