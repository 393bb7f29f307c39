#!/usr/bin/env python3
"""Live preview: build, serve site/ on http://127.0.0.1:8000/, rebuild on change.

Editing, adding or deleting a seed (or metadata.yml, mkdocs.yml, the theme
overrides or the build code) regenerates the pages, rebuilds the site and
reloads the open browser tabs (MkDocs' own live-reload server). An edited
seed's pages come first, in a second or so at any size, and the rest of the
site is updated after them in the background (reportarchive/live.py); seeds
added or removed and metadata.yml are incremental updates: only the languages
and pages whose Markdown changed. A change to mkdocs.yml or the theme
rebuilds every page; a change to the build's code restarts the preview, which
runs the code it started with. The language detector stays loaded between
edits (loading its models is most of the cost of an edit otherwise): it is
warmed up on a few seeds at start.
"""

import argparse
import logging
import os
import signal
import subprocess
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import watchdog.events  # noqa: E402
import watchdog.observers  # noqa: E402
from mkdocs.livereload import LiveReloadServer  # noqa: E402

from reportarchive import language, live, reader  # noqa: E402
from reportarchive.caching import stamp  # noqa: E402
from reportarchive.cli import PROJECT_DIR  # noqa: E402
from reportarchive.cli import main as build
from reportarchive.records import Problem  # noqa: E402

WARM_UP_SEEDS = 16
CODE_DIR = PROJECT_DIR / "scripts" / "reportarchive"
BUILD_SCRIPT = PROJECT_DIR / "scripts" / "build.py"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--project", type=Path, default=PROJECT_DIR, help="project folder (default: this repository)")
    return parser.parse_args()


def warm_up_detection(seeds_dir: Path) -> None:
    """Load the detectors' models for the archive's scripts and languages,
    from a few seeds spread over the folder."""
    paths, _ = reader.find_seed_paths(seeds_dir)
    step = max(1, len(paths) // WARM_UP_SEEDS)
    seeds = [reader.read_seed(path, uri) for path, uri in paths[::step][:WARM_UP_SEEDS]]
    language.warm_up([seed.text for seed in seeds if not isinstance(seed, Problem)])


def editor_leftover(name: str) -> bool:
    """Swap, backup and lock files editors keep beside the file being edited."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".bak"))


def fingerprint(*paths: Path) -> str:
    """The names, sizes and modification times of the files below ``paths``
    (not editors' swap files: opening a file must not rebuild anything)."""
    return stamp.fingerprint(*paths, skip=lambda name: name == "__pycache__" or editor_leftover(name))


def code_loads() -> str | None:
    """Why the build's code as it is on disk cannot be imported, if it cannot."""
    check = subprocess.run(
        [sys.executable, "-c", "import reportarchive.cli, reportarchive.pipeline, reportarchive.site"],
        cwd=CODE_DIR.parent,
        capture_output=True,
        text=True,
    )
    if check.returncode == 0:
        return None
    lines = (check.stderr or check.stdout).strip().splitlines()
    return lines[-1] if lines else f"exit {check.returncode}"


def safe_build(args: list[str]) -> int:
    """A build; an exception in the build's code is reported, the preview goes on."""
    try:
        return build(args)
    except Exception:  # the code being edited may be wrong for a while
        traceback.print_exc()
        return 1


# What changes a file or a folder's contents (not opening or reading one).
CHANGE_EVENTS: list[type[watchdog.events.FileSystemEvent]] = [
    watchdog.events.FileCreatedEvent,
    watchdog.events.FileModifiedEvent,
    watchdog.events.FileClosedEvent,
    watchdog.events.FileAttribEvent,
    watchdog.events.FileDeletedEvent,
    watchdog.events.FileMovedEvent,
    watchdog.events.DirCreatedEvent,
    watchdog.events.DirDeletedEvent,
    watchdog.events.DirMovedEvent,
]


class ChangesOnly(watchdog.observers.Observer):  # type: ignore[misc,valid-type]
    """The system's file watcher, told of changes only."""

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):  # type: ignore[no-untyped-def]
        return super().schedule(
            event_handler, path, recursive=recursive, event_filter=CHANGE_EVENTS, follow_symlink=follow_symlink
        )


class Rest:
    """The second step of an edit (reportarchive/live.py): the incremental
    update of the whole site, in a process of its own that a newer change stops."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.process: subprocess.Popen | None = None
        # An update stopped midway may have written docs/ and not rendered
        # it: the next one checks every language's pages, not only those
        # whose Markdown it changes itself.
        self.stopped_midway = False

    def start(self) -> None:
        self.stop()
        command = [sys.executable, str(BUILD_SCRIPT), "--project", str(self.project), "--incremental"]
        if self.stopped_midway:
            command.append("--after-stop")
        self.process = subprocess.Popen(command, start_new_session=True)

    def stop(self) -> None:
        """Stop the update under way, if any (the next one does its work again)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            self.stopped_midway = True
        elif self.process is not None:
            self.stopped_midway = self.stopped_midway and self.process.returncode != 0
        self.process = None


def edited_pages_first(project: Path, edited: list[str], rest: Rest) -> bool:
    """Step 1 of an edit: the edited reports' pages, then the rest started;
    False when step 1 does not apply (the caller updates the whole site)."""
    try:
        pages = live.edited_pages(project, edited)
        if pages is None:
            return False
        written = live.publish(project, pages)
    except Exception:  # the preview goes on: the whole update follows
        traceback.print_exc()
        return False
    logging.info("%d page(s) of the edited report(s) updated; the rest of the site follows", len(written))
    rest.start()
    return True


def main() -> int:
    args = parse_args()
    project = args.project.resolve()
    seeds_dir = project / "seeds"
    theme_files = (project / "mkdocs.yml", project / "docs" / "overrides")
    # As loaded (give or take the moments since start-up): edits from now on count.
    code, theme = fingerprint(CODE_DIR), [fingerprint(*theme_files)]
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if safe_build(["--project", str(project)]) != 0 and not (project / "site").is_dir():
        return 1
    seeds = [live.seed_stats(seeds_dir, editor_leftover)]
    try:
        warm_up_detection(seeds_dir)
    except OSError as exc:
        logging.warning("language detector not warmed up: %s", exc)
    rest = Rest(project)
    # Stopped (make's Ctrl-C, or a TERM): the update under way stops too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    def rebuild() -> None:
        if fingerprint(CODE_DIR) != code:
            # Modules stay as they were imported: start again on the new code,
            # once it loads at all (a half-written edit must not end the preview).
            problem = code_loads()
            if problem is not None:
                logging.error("The build's code does not load (%s); still serving the last build", problem)
                return
            logging.info("The build's code changed: restarting")
            rest.stop()
            sys.stdout.flush()
            sys.stderr.flush()
            os.execv(sys.executable, [sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]])
        try:
            now_seeds: dict[str, tuple[int, int]] | None = live.seed_stats(seeds_dir, editor_leftover)
        except OSError as exc:  # the folder gone or unreadable for a moment: the build says what it finds
            logging.warning("seeds/ could not be listed (%s)", exc)
            now_seeds = None
        now = fingerprint(*theme_files)
        if now == theme[0] and now_seeds is not None and now_seeds == seeds[0]:
            return  # nothing the site is made from changed (a file opened, bytecode written…)
        rest.stop()
        before, seeds[0] = seeds[0], now_seeds or {}
        if now != theme[0]:  # every page shows the theme and the configuration
            theme[0] = now
            if safe_build(["--project", str(project)]) == 0:
                rest.stopped_midway = False
            return
        edited = live.edited_seeds(before, now_seeds) if now_seeds is not None else None
        if edited and edited_pages_first(project, edited, rest):
            return
        # In place, only what changed (seeds added or removed, metadata.yml).
        update = ["--project", str(project), "--incremental"] + (["--after-stop"] if rest.stopped_midway else [])
        if safe_build(update) == 0:
            rest.stopped_midway = False

    server = LiveReloadServer(builder=rebuild, host=args.host, port=args.port, root=str(project / "site"))
    # MkDocs polls every watched file twice a second: at 40,000 seeds, most of
    # a core and up to half a second before an edit is seen. The system's own
    # notices (inotify) say it at once; watchdog falls back to polling where
    # there are none. Only changes count: a file merely opened or read (by a
    # build, an editor) is no reason to rebuild.
    server.observer = ChangesOnly()
    for path in (project / "seeds", *theme_files, CODE_DIR):
        server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        rest.stop()
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
