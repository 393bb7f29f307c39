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


def _cmdline(pid: int) -> bytes | None:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return None


def tree_members(root: int) -> dict[int, int]:
    """pid -> RSS of ``root`` and each of its descendants, but for a child
    caught between fork and exec (its parent's command line still): it shares
    its parent's pages, and counting them twice would make a process starting
    Node or a worker look like two copies of the build's."""
    table = _process_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    members, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in table:
            members[pid] = table[pid][1]
        kids = children.get(pid, [])
        own = _cmdline(pid) if kids else None
        # A child still on its parent's command line has not exec'd: left out with anything it started.
        todo.extend(child for child in kids if _cmdline(child) != own)
    return members


def _named(members: dict[int, int]) -> list[tuple[str, int]]:
    """Each process's short name (its program and first argument that says what it is) and RSS, largest first."""
    named = []
    for pid, rss in members.items():
        args = (_cmdline(pid) or b"?").decode("utf-8", "replace").split("\0")
        words = [os.path.basename(args[0])] + [a for a in args[1:3] if a and not a.startswith("-")][:1]
        named.append((" ".join(words)[:40], rss))
    return sorted(named, key=lambda item: -item[1])


class MemorySampler(threading.Thread):
    """The peak of the summed RSS of a process and its descendants."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak, self.peak_single = pid, interval, 0, 0
        self.peak_members: list[tuple[str, int]] = []  # what the peak was made of
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            members = tree_members(self.pid)
            total = sum(members.values())
            if total > self.peak:
                self.peak, self.peak_members = total, _named(members)
            self.peak_single = max(self.peak_single, max(members.values(), default=0))
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
