"""Hosting plumbing: Debian's nginx serving a built site with the server
blocks the README gives (deploy/), its workers running as their own user,
and the file modes such a server needs."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.processes import free_port

from paths import PROJECT_DIR

DEPLOY_DIR = PROJECT_DIR / "deploy"
WORKER_USER = "www-data"
# The paths and port the shipped server blocks name, replaced for a test run.
SHIPPED_SITE = "/srv/report-archive/site"
SHIPPED_LISTEN = "listen 80;"


def mode_problems(folder: Path) -> list[str]:
    """Everything below ``folder`` (itself included) whose mode differs from
    what a plain mkdir or open gives under the usual umask 022."""
    problems = []
    for path in [folder, *folder.rglob("*")]:
        info = path.lstat()
        expected = 0o755 if stat.S_ISDIR(info.st_mode) else 0o644
        if stat.S_IMODE(info.st_mode) != expected:
            problems.append(f"{path.relative_to(folder.parent)}: {stat.S_IMODE(info.st_mode):o}, not {expected:o}")
    return problems


def nginx_problem() -> str | None:
    """Why nginx cannot serve as another user here, or None."""
    if not shutil.which("nginx"):
        return "nginx not found: run `make test` (it installs Debian's nginx-light) or apt-get install nginx-light"
    if os.geteuid() != 0:
        return "nginx switches its workers to www-data only when started as root"
    return None


def readable_path_to(folder: Path) -> None:
    """Let another user walk down to ``folder`` (test folders are made 0700);
    ``folder`` itself and what it holds keep the modes the build gave them."""
    for parent in folder.resolve().parents:
        mode = stat.S_IMODE(parent.stat().st_mode)
        if not mode & 0o001:
            os.chmod(parent, mode | 0o001)


class Nginx:
    """nginx serving ``site`` at ``prefix`` ("/" or "/archive/") with the
    shipped server block for that case, workers running as www-data."""

    def __init__(self, site: Path, prefix: str = "/"):
        self.site = site.resolve()
        self.prefix = prefix
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}{prefix}"
        self.folder = Path(tempfile.mkdtemp(prefix="nginx-"))
        self.process: subprocess.Popen | None = None

    def _config(self) -> str:
        block = (DEPLOY_DIR / ("nginx-root.conf" if self.prefix == "/" else "nginx-subpath.conf")).read_text()
        block = block.replace(SHIPPED_LISTEN, f"listen 127.0.0.1:{self.port};").replace(SHIPPED_SITE, str(self.site))
        if self.prefix != "/":
            block = block.replace("/archive/", self.prefix)
        return (
            f"user {WORKER_USER};\nworker_processes 1;\ndaemon off;\npid {self.folder}/nginx.pid;\n"
            f"error_log {self.folder}/error.log;\nevents {{}}\n"
            f"http {{\ninclude /etc/nginx/mime.types;\naccess_log off;\n"
            f"client_body_temp_path {self.folder};\nproxy_temp_path {self.folder};\n"
            f"{block}\n}}\n"
        )

    def __enter__(self) -> Nginx:
        config = self.folder / "nginx.conf"
        config.write_text(self._config())
        readable_path_to(self.site)
        self.process = subprocess.Popen(["nginx", "-c", str(config)], stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx did not start: {self.process.stderr.read()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not listen within 10 s")

    def __exit__(self, *exc):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)

    def content_type(self, path: str) -> str:
        with urllib.request.urlopen(self.base + path) as response:
            return str(response.headers.get("Content-Type", ""))

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.base + path) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
