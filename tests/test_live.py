"""A live preview's edit, first step (live.py): the edited report's pages
rendered on their own, the very pages the whole update then writes; the
cases it leaves to the whole update."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import make_project, run_build
from reportarchive import live
from trustkit import REAL_LANGUAGES, warm_cache

pytestmark = pytest.mark.site

SEED = "004_81e7b134df8a2635.txt"  # the French report that has no other language
SHARED = "000_7e8861d5b44c2d65.txt"  # French, one of a report in three languages
ADDED = "Une phrase ajoutée pendant l'aperçu."


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("live") / "project")
    warm_cache(project, REAL_LANGUAGES)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    return project


def _edit(project: Path, seed: str, change) -> dict[str, tuple[int, int]]:
    before = live.seed_stats(project / "seeds")
    path = project / "seeds" / seed
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return before


def _page(project: Path, language: str, stem: str) -> Path:
    return next((project / "site" / language / "reports").glob(f"{stem}*.html"))


def test_an_edited_seed_s_page_is_the_page_the_whole_update_then_writes(project):
    page = _page(project, "fr", "hoi-nghi")
    original = page.read_bytes()
    others = {path: path.stat().st_mtime_ns for path in (project / "site").glob("*/reports/*.html") if path != page}
    before = _edit(project, SEED, lambda text: text.replace("\n", f"\n{ADDED}\n", 1))

    edited = live.edited_seeds(before, live.seed_stats(project / "seeds"))
    assert edited == [SEED]
    pages = live.edited_pages(project, edited)
    assert pages is not None and list(pages.pages) == ["fr"] and pages.count == 1
    assert live.publish(project, pages) == [page]
    first = page.read_bytes()
    assert ADDED.encode() in first and first != original
    assert page.stat().st_mtime_ns == live.PROVISIONAL_NS
    assert {path: path.stat().st_mtime_ns for path in others} == others  # no other page touched

    result = run_build(project, "--incremental")  # the second step
    assert result.returncode == 0, result.stderr
    assert page.read_bytes() == first, "the whole update wrote another page"
    assert page.stat().st_mtime_ns != live.PROVISIONAL_NS  # rendered from docs/ again


def test_an_edit_undone_before_the_whole_update_shows_the_page_as_it_was(project):
    page = _page(project, "de", "bao-dam")
    original = page.read_bytes()
    text = (project / "seeds" / SHARED).read_text(encoding="utf-8")
    before = _edit(project, SHARED, lambda text: text.replace("\n", f"\n{ADDED}\n", 1))
    edited = live.edited_seeds(before, live.seed_stats(project / "seeds"))
    live.publish(project, live.edited_pages(project, edited))
    assert ADDED.encode() in _page(project, "fr", "bao-dam").read_bytes()

    # Undone before the rest ran: docs/ never held the edit, the page still shows it.
    before = _edit(project, SHARED, lambda _: text)
    pages = live.edited_pages(project, live.edited_seeds(before, live.seed_stats(project / "seeds")))
    assert pages is not None and list(pages.pages) == ["fr"]
    live.publish(project, pages)
    assert ADDED.encode() not in _page(project, "fr", "bao-dam").read_bytes()
    assert page.read_bytes() == original  # the German page was never touched
    result = run_build(project, "--incremental")
    assert result.returncode == 0, result.stderr
    assert ADDED.encode() not in _page(project, "fr", "bao-dam").read_bytes()


def test_what_the_first_step_leaves_to_the_whole_update(project, tmp_path):
    seeds = project / "seeds"
    stats = live.seed_stats(seeds)
    assert live.edited_seeds(stats, {**stats, "new.txt": (1, 1)}) is None  # a seed added
    assert live.edited_seeds(stats, {k: v for k, v in stats.items() if k != SEED}) is None  # removed
    assert live.edited_seeds(stats, {**stats, "metadata.yml": (1, 1)}) is None  # the sidecar
    assert live.edited_seeds(stats, stats) == []

    # A seed whose source line now names another article leaves its report.
    original = (seeds / SHARED).read_text(encoding="utf-8")
    try:
        _edit(project, SHARED, lambda text: text.replace("https://", "https://another.example/", 1))
        assert live.edited_pages(project, [SHARED]) is None
    finally:
        (seeds / SHARED).write_text(original, encoding="utf-8")
    # Without the last build's map of the reports' seeds.
    kept = tmp_path / "report-seeds.json"
    shutil.move(live.report_seeds_path(project), kept)
    try:
        assert live.edited_pages(project, [SEED]) is None
    finally:
        shutil.move(kept, live.report_seeds_path(project))
    assert live.edited_pages(project, ["not-a-seed.txt"]) is None


def test_the_build_keeps_the_seeds_of_each_report(project):
    import json

    seeds_of = json.loads(live.report_seeds_path(project).read_text(encoding="utf-8"))
    assert {seed: code for seeds in seeds_of.values() for seed, code in seeds.items()} == REAL_LANGUAGES
    assert any(len(seeds) == 3 and SHARED in seeds for seeds in seeds_of.values())
    assert os.path.getsize(live.report_seeds_path(project)) < 4096


def test_after_an_update_stopped_midway_every_language_s_pages_are_checked(project):
    """An update stopped after writing docs/ and before rendering it: the next
    one finds docs/ unchanged, and only --after-stop (serve.py passes it then)
    renders the languages it did not."""
    missing = _page(project, "uk", "bao-dam")  # the Ukrainian "not available" page lists the French title
    text = (project / "seeds" / SHARED).read_text(encoding="utf-8")
    title = "Un titre tout neuf pour la réunion de Hanoï"
    try:
        (project / "seeds" / SHARED).write_text(f"La réunion a examiné le « {title} ».\n\n{text}", encoding="utf-8")
        assert run_build(project, "--incremental", "--no-site").returncode == 0  # docs/ written, then stopped
        assert run_build(project, "--incremental").returncode == 0
        assert title not in missing.read_text(encoding="utf-8")  # what the update alone leaves behind
        result = run_build(project, "--incremental", "--after-stop")
        assert result.returncode == 0, result.stderr
        assert title in missing.read_text(encoding="utf-8")
    finally:
        (project / "seeds" / SHARED).write_text(text, encoding="utf-8")
        assert run_build(project, "--incremental", "--after-stop").returncode == 0
