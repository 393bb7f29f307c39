"""Atomic and clean: a build killed at any moment leaves docs/ and site/ whole.

* Every swap of a language tree is killed in turn (SIGKILL in a subprocess,
  just before the n-th rename): every docs/<lang> is then the old or the new
  complete tree, never missing or mixed, and the next write repairs the rest.
* A swap that fails puts back what was already swapped.
* Whole builds are killed where each phase is under way (stopped at a named
  checkpoint, then killed): docs/<lang> and site/ are each the old or the new
  tree; the completed build removes a deleted seed's
  pages everywhere and leaves no staging folder behind.
* Regenerating unchanged seeds rewrites no file (same inode, same mtime).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import NEW_LANGUAGE_SEEDS, PROJECT_DIR, make_project, run_build
from reportarchive import timing, writer
from reportarchive.caching import files
from reportarchive.records import OutputFile
from trustkit import REAL_LANGUAGES, REAL_SEEDS, snapshot, warm_cache

OLD = [
    OutputFile("de/index.md", "de home"),
    OutputFile("de/reports/a.md", "de a"),
    OutputFile("fr/index.md", "fr home"),
    OutputFile("fr/reports/a.md", "fr a"),
    OutputFile("fr/reports/gone.md", "fr gone"),
    OutputFile("uk/index.md", "uk home"),
    OutputFile("uk/reports/a.md", "uk a"),
]
NEW = [
    OutputFile("de/index.md", "de home"),
    OutputFile("de/reports/a.md", "de a"),  # unchanged
    OutputFile("es/index.md", "es home"),
    OutputFile("es/reports/a.md", "es a"),  # added
    OutputFile("fr/index.md", "fr home 2"),
    OutputFile("fr/reports/a.md", "fr a"),
    OutputFile("fr/reports/b.md", "fr b"),  # changed
]  # uk: removed

# Runs write_tree(NEW) and kills itself just before the n-th rename or exchange.
# Wraps a function so that the process kills itself on the fatal-th call of any wrapped one.
DYING = textwrap.dedent("""
    import os, signal, sys
    fatal, calls = int(sys.argv[3]), [0]
    def dying(function):
        def wrapper(*args, **kwargs):
            calls[0] += 1
            if calls[0] == fatal:
                os.kill(os.getpid(), signal.SIGKILL)
            return function(*args, **kwargs)
        return wrapper
""")

DYING_WRITER = DYING + textwrap.dedent("""
    import json
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from reportarchive import writer
    from reportarchive.caching import files
    from reportarchive.records import OutputFile
    files.exchange = dying(files.exchange)
    os.replace = dying(os.replace)
    os.rename = dying(os.rename)
    writer.write_tree(Path(sys.argv[2]), [OutputFile(*f) for f in json.loads(sys.argv[4])])
""")


def language_trees(docs: Path) -> dict[str, dict | None]:
    return {code: snapshot(docs / code) for code in ("de", "es", "fr", "uk")}


def expected_trees(files: list[OutputFile], root: Path) -> dict[str, dict | None]:
    docs = root / "docs"
    writer.write_tree(docs, files)
    return language_trees(docs)


def test_killed_at_every_swap_each_language_tree_is_old_or_new(tmp_path):
    old, new = expected_trees(OLD, tmp_path / "old"), expected_trees(NEW, tmp_path / "new")
    fatal = 1
    while True:
        docs = tmp_path / f"kill-{fatal}" / "docs"
        writer.write_tree(docs, OLD)
        (docs / "overrides").mkdir()
        (docs / "overrides" / "main.html").write_text("hand-written")
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                DYING_WRITER,
                str(PROJECT_DIR / "scripts"),
                str(docs),
                str(fatal),
                json.dumps([[f.dest_uri, f.content] for f in NEW]),
            ],
            capture_output=True,
            text=True,
        )
        assert result.returncode in (0, -signal.SIGKILL), result.stderr
        trees = language_trees(docs)
        for code in trees:
            assert trees[code] in (old[code], new[code]), (
                f"killed before rename {fatal}: docs/{code} is neither old nor new: {trees[code]}"
            )
        assert (docs / "overrides" / "main.html").read_text() == "hand-written"
        writer.write_tree(docs, NEW)  # the next build repairs whatever is left
        assert language_trees(docs) == new
        assert not [p for p in docs.iterdir() if p.name.startswith(".")], "a staging folder was left behind"
        if result.returncode == 0:
            break
        fatal += 1
    assert fatal > 3, "the kill points were not reached"


def fail_second_swap(monkeypatch, error: OSError) -> None:
    """Make the second language swap of the next write_tree fail with ``error``."""
    real_replace_dir, calls = writer.replace_dir, []

    def failing(new, target):
        calls.append(target)
        if len(calls) == 2:
            raise error
        return real_replace_dir(new, target)

    monkeypatch.setattr(writer, "replace_dir", failing)


def test_a_failing_swap_puts_back_what_was_swapped(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    writer.write_tree(docs, OLD)
    before = language_trees(docs)
    inodes = {p: p.stat().st_ino for p in docs.rglob("*.md")}
    fail_second_swap(monkeypatch, OSError(28, "No space left on device"))
    with pytest.raises(OSError):
        writer.write_tree(docs, NEW)
    assert language_trees(docs) == before
    assert {p: p.stat().st_ino for p in docs.rglob("*.md")} == inodes
    assert not [p for p in docs.iterdir() if p.name.startswith(".")]


def test_exchange_is_atomic_where_the_system_has_it(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x").write_text("b")
    if not files.exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here; the two-rename fallback is used")
    assert (tmp_path / "a" / "x").read_text() == "b" and (tmp_path / "b" / "x").read_text() == "a"


def _project(root: Path) -> Path:
    project = make_project(root, REAL_SEEDS)
    (project / "seeds" / "005_es.txt").write_text(NEW_LANGUAGE_SEEDS["005_es.txt"], encoding="utf-8")
    warm_cache(project, {**REAL_LANGUAGES, "005_es.txt": "es"})
    (project / "seeds" / "005_es.txt").unlink()  # added later, with its cache entry ready
    return project


def _docs_trees(project: Path) -> dict[str, dict | None]:
    return {code: snapshot(project / "docs" / code) for code in ("de", "es", "fr", "pt", "uk")}


def _wait_until_stopped(process: subprocess.Popen, timeout: float) -> bool:
    """Whether ``process`` stopped itself (state T) before it ended or ``timeout`` passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        with open(f"/proc/{process.pid}/stat", "rb") as stat:
            if stat.read().rsplit(b")", 1)[1].split()[0] == b"T":
                return True
        time.sleep(0.01)
    return False


@pytest.mark.site
def test_killed_builds_leave_docs_and_site_old_or_new_and_the_last_build_cleans_up(tmp_path):
    project = _project(tmp_path / "project")
    assert run_build(project, "--strict").returncode == 0
    old_docs, old_site = _docs_trees(project), snapshot(project / "site")
    deleted_slug = next(p.stem for p in (project / "site" / "fr" / "reports").glob("hoi-nghi-*.html"))

    # The change: a seed deleted (its report disappears), a seed in a new language added.
    (project / "seeds" / "004_81e7b134df8a2635.txt").unlink()
    (project / "seeds" / "005_es.txt").write_text(NEW_LANGUAGE_SEEDS["005_es.txt"], encoding="utf-8")

    # Killed where each phase is under way: docs/ staged and about to be
    # swapped in, MkDocs rendering, site/ staged and about to be swapped in.
    # The build stops itself at the named point (timing.checkpoint); the kill
    # lands there, not after a guessed delay.
    states = []
    for point in ("docs-staged", "mkdocs-running", "site-staged"):
        process = subprocess.Popen(
            [sys.executable, str(PROJECT_DIR / "scripts" / "build.py"), "--project", str(project), "--strict"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, timing.STOP_AT_VARIABLE: point},
        )
        reached = _wait_until_stopped(process, timeout=120)
        os.killpg(process.pid, signal.SIGKILL)  # the build and its MkDocs children
        process.wait()
        assert reached, f"the build never reached {point}"
        states.append((_docs_trees(project), snapshot(project / "site")))

    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    new_docs, new_site = _docs_trees(project), snapshot(project / "site")
    assert new_site != old_site
    for i, (docs, site) in enumerate(states):
        for code in docs:
            assert docs[code] in (old_docs[code], new_docs[code]), f"kill {i}: docs/{code} is neither old nor new"
        assert site in (old_site, new_site), f"kill {i}: site/ is neither old nor new"
    assert states[0][1] == old_site and states[1][0] == new_docs, "each kill landed in its phase"

    assert not list((project / "docs").glob(".staging-*")), "a killed build's staging folder was not removed"
    assert not [p for p in (project / "build").glob("site-*") if p.is_dir()], (
        "a killed build's site staging was not removed"
    )
    assert not list(project.glob(f"docs/*/reports/{deleted_slug}.md"))
    assert not list(project.glob(f"site/*/reports/{deleted_slug}.html"))
    assert not [
        d for d in (project / "site" / "fr" / "search").rglob("*.js") if deleted_slug in d.read_text(encoding="utf-8")
    ]
    assert deleted_slug not in (project / "site" / "fr" / "index.html").read_text(encoding="utf-8")
    assert (project / "site" / "es" / "index.html").is_file()


def test_regenerating_unchanged_seeds_rewrites_no_file(tmp_path):
    project = make_project(tmp_path / "project")
    warm_cache(project, REAL_LANGUAGES)
    assert run_build(project, "--no-site").returncode == 0
    files = sorted(p for p in (project / "docs").rglob("*") if p.is_file() and "overrides" not in p.parts)
    assert files
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in files}
    directories = {p: p.stat().st_ino for p in (project / "docs").iterdir()}
    result = run_build(project, "--no-site")
    assert result.returncode == 0 and "0 pages written" in result.stdout, result.stdout
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in files} == before
    assert {p: p.stat().st_ino for p in (project / "docs").iterdir()} == directories

    # One seed changed: only the pages that show it are rewritten.
    seed = project / "seeds" / "003_c5728c6d5f02f1cc.txt"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("Коментар (0)", "Нове речення в кінці звіту."), encoding="utf-8"
    )
    warm_cache(project, REAL_LANGUAGES)
    assert run_build(project, "--no-site").returncode == 0
    rewritten = {p for p in files if (p.stat().st_ino, p.stat().st_mtime_ns) != before[p]}
    assert rewritten and all(p.parts[-3] == "uk" or p.parent.name == "uk" for p in rewritten), rewritten


# Kills the whole build just before the n-th rename or exchange inside site.build_site.
DYING_SITE = DYING + textwrap.dedent("""
    sys.path.insert(0, sys.argv[1])
    from reportarchive import cli, site
    from reportarchive.caching import files
    real = {"replace": os.replace, "rename": os.rename, "exchange": files.exchange, "build_site": site.build_site}
    def build_site(*args, **kwargs):
        os.replace, os.rename, files.exchange = dying(real["replace"]), dying(real["rename"]), dying(real["exchange"])
        try:
            return real["build_site"](*args, **kwargs)
        finally:
            os.replace, os.rename, files.exchange = real["replace"], real["rename"], real["exchange"]
    site.build_site = build_site
    sys.exit(cli.main(["--project", sys.argv[2]]))
""")


@pytest.mark.site
def test_killed_at_every_rename_of_site_it_is_old_or_new(tmp_path):
    project = make_project(tmp_path / "project", REAL_SEEDS)
    for seed in (project / "seeds").iterdir():
        if seed.name != "003_c5728c6d5f02f1cc.txt":
            seed.unlink()
    warm_cache(project, {"003_c5728c6d5f02f1cc.txt": "uk"})
    assert run_build(project).returncode == 0
    old_site = snapshot(project / "site")
    seed = project / "seeds" / "003_c5728c6d5f02f1cc.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n\nНове речення.\n", encoding="utf-8")
    warm_cache(project, {"003_c5728c6d5f02f1cc.txt": "uk"})
    states, fatal = [], 1
    while fatal < 10:
        result = subprocess.run(
            [sys.executable, "-c", DYING_SITE, str(PROJECT_DIR / "scripts"), str(project), str(fatal)],
            capture_output=True,
            text=True,
        )
        assert result.returncode in (0, -signal.SIGKILL), result.stderr
        states.append((fatal, snapshot(project / "site")))
        if result.returncode == 0:
            break
        fatal += 1
    new_site = states[-1][1]
    assert new_site != old_site
    for fatal, state in states:
        assert state in (old_site, new_site), f"killed before rename {fatal}: site/ is " + (
            "missing" if state is None else "mixed"
        )


def test_the_next_build_puts_back_a_site_left_aside_and_removes_stale_staging(tmp_path):
    from reportarchive import cli

    project = tmp_path / "project"
    (project / "build" / "site-1a2b.old").mkdir(parents=True)  # where replace_dir puts site/ aside
    (project / "build" / "site-1a2b.old" / "index.html").write_text("old site")
    (project / "build" / "site-k1ll3d").mkdir()
    (project / "build" / "mkdocs").mkdir()
    with cli.site_build_lock(project):
        assert (project / "site" / "index.html").read_text() == "old site"
        assert sorted(p.name for p in (project / "build").iterdir()) == ["mkdocs"]


def test_without_exchange_the_fallback_still_writes_and_rolls_back(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "exchange", lambda a, b: False)
    docs = tmp_path / "docs"
    writer.write_tree(docs, OLD)
    before = language_trees(docs)
    real_replace_dir = writer.replace_dir
    fail_second_swap(monkeypatch, OSError(5, "Input/output error"))
    with pytest.raises(OSError):
        writer.write_tree(docs, NEW)
    assert language_trees(docs) == before
    monkeypatch.setattr(writer, "replace_dir", real_replace_dir)
    writer.write_tree(docs, NEW)
    assert language_trees(docs) == expected_trees(NEW, tmp_path / "expected")
