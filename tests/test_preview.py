"""``make serve``: the live preview follows edits to the seeds and to the theme,
and one build at a time runs on a project."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bench.processes import free_port, stop_process_group

from conftest import PROJECT_DIR, make_project
from reportarchive import live
from reportarchive.caching import files
from trustkit import REAL_LANGUAGES, warm_cache

pytestmark = pytest.mark.site
WAIT_S = 120  # a bound for a stuck preview, not a speed target (that is make bench's)


def _wait_for(condition, what: str, log: Path) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"{what}: not within {WAIT_S} s; the preview said:\n{log.read_text(errors='replace')[-3000:]}")


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def test_the_preview_follows_a_seed_edit_and_a_theme_edit(tmp_path):
    project = make_project(tmp_path / "project")
    warm_cache(project, REAL_LANGUAGES)
    log = tmp_path / "serve.log"
    preview, port = _start_preview(project, PROJECT_DIR / "scripts", log)
    try:
        _wait_for(lambda: "Serving on" in _text(log), "the preview serving", log)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/fr/index.html") as response:
            assert response.status == 200 and b"livereload" in response.read()

        other = next((project / "site" / "uk" / "reports").glob("lanh-dao*.html"))
        other_mtime = other.stat().st_mtime_ns
        seed = project / "seeds" / "004_81e7b134df8a2635.txt"
        seed.write_text("Une phrase ajoutée pendant l'aperçu. " + seed.read_text(encoding="utf-8"), encoding="utf-8")
        report = next((project / "site" / "fr" / "reports").glob("hoi-nghi*.html"))
        _wait_for(lambda: "Une phrase ajoutée pendant l'aperçu." in _text(report), "the edited seed's page", log)
        # First, on its own (live.py):
        _wait_for(lambda: "page(s) of the edited report(s) updated" in _text(log), "the first step's line", log)
        first = report.read_bytes()
        # Then the rest: the text store the search and the compare view read, the docs/ page.
        _wait_for(lambda: report.stat().st_mtime_ns != live.PROVISIONAL_NS, "the rest of the site", log)
        assert report.read_bytes() == first
        docs_page = next((project / "docs" / "fr" / "reports").glob("hoi-nghi*.md"))
        assert "Une phrase ajoutée pendant l'aperçu." in _text(docs_page)
        assert other.stat().st_mtime_ns == other_mtime, "a page of another language was rebuilt"

        css = project / "docs" / "overrides" / "assets" / "archive.css"
        css.write_text(css.read_text(encoding="utf-8") + "\n/* edited during the preview */\n", encoding="utf-8")
        built = project / "site" / "assets" / "archive.css"  # every language's, at the site root
        _wait_for(lambda: "edited during the preview" in _text(built), "the theme edit", log)
        assert "Traceback" not in _text(log)
    finally:
        stop_process_group(preview, wait_s=30)


def _start_preview(project: Path, scripts: Path, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    with open(log, "wb") as output:
        preview = subprocess.Popen(
            [sys.executable, str(scripts / "serve.py"), "--project", str(project), "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return preview, port


def test_the_preview_restarts_on_the_new_code_when_the_build_code_changes(tmp_path):
    # A copy of the build's code, to edit: the preview watches its own code.
    scripts = tmp_path / "code" / "scripts"
    shutil.copytree(PROJECT_DIR / "scripts", scripts, ignore=shutil.ignore_patterns("vendor", "__pycache__"))
    (scripts / "vendor").symlink_to(PROJECT_DIR / "scripts" / "vendor")
    project = make_project(tmp_path / "project")
    warm_cache(project, REAL_LANGUAGES)
    log = tmp_path / "serve.log"
    preview, port = _start_preview(project, scripts, log)
    try:
        _wait_for(lambda: "Serving on" in _text(log), "the preview serving", log)
        report = next((project / "site" / "fr" / "reports").glob("hoi-nghi*.html"))
        assert "Source originale" not in _text(report)
        # A half-written edit that does not even load: the preview goes on.
        module = scripts / "reportarchive" / "titles.py"
        original = module.read_text(encoding="utf-8")
        module.write_text(original + "\ndef half_written(:\n", encoding="utf-8")
        _wait_for(lambda: "does not load" in _text(log), "the broken code noticed", log)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/fr/index.html") as response:
            assert response.status == 200
        module.write_text(original, encoding="utf-8")
        table = scripts / "reportarchive" / "strings.json"
        strings = json.loads(table.read_text(encoding="utf-8"))
        strings["fr"]["source"] = "Source originale"
        table.write_text(json.dumps(strings, ensure_ascii=False, indent=2), encoding="utf-8")
        _wait_for(lambda: "Source originale" in _text(report), "the page with the new code's label", log)
        assert "restarting" in _text(log) and "Traceback" not in _text(log)
    finally:
        stop_process_group(preview, wait_s=30)


def test_a_second_build_waits_for_the_first(tmp_path):
    project = make_project(tmp_path / "project")
    warm_cache(project, REAL_LANGUAGES)
    command = [sys.executable, str(PROJECT_DIR / "scripts" / "build.py"), "--project", str(project), "--no-site"]
    cache = project / ".cache"
    with files.locked(cache):  # as a running build holds it
        waiting = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # The kernel lists a process blocked on a lock as a waiter ("->") on its inode.
        inode = f":{cache.stat().st_ino} "
        _wait_for(
            lambda: (
                waiting.poll() is not None
                or any("->" in line and inode in line for line in _text(Path("/proc/locks")).splitlines())
            ),
            "the second build waiting on the lock",
            Path("/proc/locks"),
        )
        still_waiting = waiting.poll() is None
        nothing_written = not (project / "docs" / "fr").exists()
    out, err = waiting.communicate(timeout=WAIT_S)
    assert still_waiting and nothing_written, "a build ran while another held the project"
    assert waiting.returncode == 0, out + err
    assert (project / "docs" / "fr" / "index.md").is_file()
