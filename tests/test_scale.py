"""An archive larger than one home page: navigation that scales, light pages.

The benchmark's synthetic archive (``synthetic.py``) is checked first: it is
deterministic, a smaller archive is the start of a larger one, and its seeds
carry the debris of the real ones and group into reports. Then 120 reports in
two languages are built for real: every language home is in pages, every
report is at most two clicks from the home (followed through the built HTML
and by a reader in Chromium, from disk), and a report page carries no list of
other reports, so its weight does not grow with the archive. Speed itself is
measured by ``make bench``, never here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pytest
from bench import synthetic
from bench.processes import MemorySampler

from conftest import make_project
from htmltext import article_text, parse
from paths import PROJECT_DIR
from reportarchive import cleaners, layout, pages, reader
from reportarchive.grouping import normalize_url

REPORTS = 120  # more than one home page holds
LANGUAGES = ("fr", "de")
MAX_BEYOND_TEXT = 40_000  # bytes a report page may add to its own text (the target)


def test_synthetic_archive_is_deterministic_and_a_small_one_starts_a_large_one(tmp_path):
    small = synthetic.generate(tmp_path / "small", 5)
    large = synthetic.generate(tmp_path / "large", 12)
    again = synthetic.generate(tmp_path / "again", 12)
    assert len(small) == 5 * len(synthetic.LANGUAGES) and len(large) == 12 * len(synthetic.LANGUAGES)
    assert [s.name for s in large] == [s.name for s in again]
    assert all((tmp_path / "large" / s.name).read_bytes() == (tmp_path / "again" / s.name).read_bytes() for s in large)
    assert [s.name for s in large[: len(small)]] == [s.name for s in small]
    assert all((tmp_path / "small" / s.name).read_bytes() == (tmp_path / "large" / s.name).read_bytes() for s in small)


def test_synthetic_seeds_carry_the_real_debris_and_group_into_their_reports(tmp_path):
    written = synthetic.generate(tmp_path, 40)
    texts = {s.name: reader.read_seed(tmp_path / s.name, s.name).text for s in written}
    everything = "\n".join(texts.values())
    for debris in ("![]()", *synthetic.COMMENT_COUNTERS.values(), "\n    ", " |", "\r\n", "\ufeff"):
        assert debris in everything or any(debris.encode() in (tmp_path / s.name).read_bytes() for s in written), (
            f"no {debris!r} in the synthetic seeds"
        )
    assert any(s.paragraphs and "\n\n" not in texts[s.name] for s in written), "no seed with one-line paragraphs"
    assert any("\n\n" in texts[s.name] for s in written), "no seed with blank-line paragraphs"

    sources: dict[int, set[str]] = {}
    for seed in written:
        cleaned = cleaners.clean(seed.name, texts[seed.name])
        assert cleaned.source_url, f"{seed.name}: no source line found"
        sources.setdefault(seed.report, set()).add(normalize_url(cleaned.source_url))
        body = "\n".join(block.text for block in cleaned.blocks)
        assert "![]()" not in body and "(0)" not in body
    assert all(len(urls) == 1 for urls in sources.values()), "a report's translations do not share one source"
    assert len({next(iter(urls)) for urls in sources.values()}) == 40, "two reports share a source"


def _links(html: str) -> list[str]:
    return [link["href"] for link in parse(html).links if link.get("href")]


def _target(page: Path, href: str) -> Path | None:
    """The file a relative link of ``page`` leads to (None for another site)."""
    href, _ = urldefrag(href)
    if not href or re.match(r"^[a-z][a-z0-9+.-]*:|^//", href, re.I):
        return None
    return (page.parent / unquote(href)).resolve()


# The archive-scale budget (make bench measures it at every size): the whole
# build, every process, within 1 GB. Breached here long before 10,000 × 4 would.
MEMORY_BUDGET = 1_000_000_000


@pytest.fixture(scope="module")
def large_build(tmp_path_factory) -> tuple[Path, int]:
    """The synthetic archive built from scratch, and the peak memory of the build's processes together."""
    root = tmp_path_factory.mktemp("scale")
    synthetic.generate(root / "seeds", REPORTS, LANGUAGES)
    project = make_project(root / "project", root / "seeds")
    build = [sys.executable, str(PROJECT_DIR / "scripts" / "build.py"), "--project", str(project), "--strict"]
    process = subprocess.Popen(build, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = MemorySampler(process.pid)
    sampler.start()
    output, _ = process.communicate()
    peak, _ = sampler.stop()
    assert process.returncode == 0, output[-3000:]
    assert f"{REPORTS} reports in {len(LANGUAGES)} languages" in output, output[-2000:]
    return project / "site", peak


@pytest.fixture(scope="module")
def large_site(large_build) -> Path:
    return large_build[0]


# The size budget: the site within this many times the bytes of its seeds,
# plus one copy of the theme's assets. The target is 4× (make bench
# prints it as PASS/FAIL at every size); the site is at about 6.4× today
# (was 12×: exports uncompressed, a compare page per report), and this
# budget keeps it from growing back.
SIZE_BUDGET = 7.0


def _bytes_below(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


@pytest.mark.site
def test_a_build_of_a_few_hundred_reports_stays_within_the_size_budget(large_site):
    seeds = _bytes_below(large_site.parent / "seeds")
    theme = _bytes_below(large_site / layout.ASSETS_DIR)
    site = _bytes_below(large_site)
    ratio = (site - theme) / seeds
    print(f"site {site / 1e6:.1f} MB for {seeds / 1e6:.1f} MB of seeds: {ratio:.1f}× (theme {theme / 1e6:.1f} MB)")
    assert ratio <= SIZE_BUDGET


@pytest.mark.site
def test_a_build_of_a_few_hundred_reports_stays_within_the_memory_budget(large_build):
    _, peak = large_build
    print(f"peak memory of the build ({REPORTS} reports × {len(LANGUAGES)} languages): {peak / 1e6:.0f} MB")
    assert 0 < peak <= MEMORY_BUDGET


@pytest.mark.site
def test_every_report_is_two_clicks_from_its_language_home(large_site):
    pages_needed = -(-REPORTS // pages.HOME_PAGE_SIZE)
    assert pages_needed > 1
    for language in LANGUAGES:
        home = (large_site / language / "index.html").resolve()
        reports = {p.resolve() for p in (large_site / language / "reports").glob("*.html")}
        assert len(reports) == REPORTS
        one_click = {t for t in map(lambda h: _target(home, h), _links(home.read_text(encoding="utf-8"))) if t}
        list_pages = {home} | {t for t in one_click if t.parent.name == layout.HOME_PAGES_DIR}
        assert len(list_pages) == pages_needed, f"{language}: the home does not link every page of the list"
        reached = set()
        for list_page in list_pages:
            assert list_page.is_file(), list_page
            for href in _links(list_page.read_text(encoding="utf-8")):
                target = _target(list_page, href)
                if target is not None and target in reports:
                    reached.add(target)
                if target is not None and target.suffix == ".html":
                    assert target.is_file(), f"{list_page.relative_to(large_site)} -> {href}"
        assert reached == reports, f"{language}: {len(reports - reached)} reports not two clicks from the home"


@pytest.mark.site
def test_report_pages_list_no_other_report_and_stay_light(large_site):
    for language in LANGUAGES:
        reports = sorted((large_site / language / "reports").glob("*.html"))
        heaviest = 0
        for page in reports:
            html = page.read_text(encoding="utf-8")
            slugs = {t.stem for t in (_target(page, h) for h in _links(html)) if t and t.parent.name == "reports"}
            assert slugs <= {page.stem}, f"{page.name} links other reports: {sorted(slugs - {page.stem})[:3]}"
            heaviest = max(heaviest, len(html.encode("utf-8")) - len(article_text(html).encode("utf-8")))
        assert heaviest <= MAX_BEYOND_TEXT, f"{language}: a report page adds {heaviest} bytes to its text"


@pytest.mark.site
def test_the_switcher_on_a_later_list_page_leads_to_the_other_language_home(large_site):
    later = large_site / "fr" / layout.HOME_PAGES_DIR / "2.html"
    html = later.read_text(encoding="utf-8")
    switch = [a["href"] for a in parse(html, "header").links if a.get("data-language") == "de"]
    assert switch and all(_target(later, href) == (large_site / "de" / "index.html").resolve() for href in switch)


@pytest.mark.browser
def test_a_reader_reaches_a_report_on_the_last_list_page_from_disk(large_site, browser):
    page = browser.new_page()
    try:
        page.goto((large_site / "de" / "index.html").as_uri())
        last = -(-REPORTS // pages.HOME_PAGE_SIZE)
        page.locator("nav.report-pages a", has_text=str(last)).first.click()
        page.wait_for_url(re.compile(rf"/de/{layout.HOME_PAGES_DIR}/{last}\.html$"))
        entry = page.locator("a.report-list-title").last
        title = entry.inner_text().strip()
        entry.click()
        page.wait_for_url(re.compile(r"/de/reports/[^/]+\.html$"))
        assert page.locator("article h1").first.inner_text().strip() == title
    finally:
        page.close()


@pytest.mark.browser
def test_a_word_in_every_report_shows_its_results_a_batch_at_a_time(large_site, browser):
    page = browser.new_page()
    try:
        page.goto((large_site / "fr" / "index.html").as_uri())
        page.click("input.md-search__input")
        page.keyboard.type("conférence")
        page.wait_for_function(
            "q => document.querySelector('.archive-search__list').dataset.query === q", arg="conférence"
        )
        assert str(REPORTS) in page.inner_text(".archive-search__meta")  # the count is of every match
        results = page.locator(".archive-search__list a.md-search-result__link")
        assert results.count() == 20
        more = page.locator(".archive-search__more button")
        assert more.inner_text().strip() == "Afficher plus de résultats"

        def show_more() -> None:  # the next batch, whole, and the button back (or gone at the end)
            expected = min(results.count() + 20, REPORTS)
            more.click()
            page.wait_for_function(
                """n => document.querySelectorAll('.archive-search__list a.md-search-result__link').length === n
                       && !document.querySelector('.archive-search__more button[disabled]')""",
                arg=expected,
            )

        show_more()
        assert results.count() == 40
        assert page.evaluate("document.activeElement.href") == results.nth(20).evaluate("a => a.href")
        for _ in range(REPORTS // 20):
            if not more.count():
                break
            show_more()
        assert results.count() == REPORTS and not more.count()
        hrefs = results.evaluate_all("links => links.map(a => a.href)")
        assert len(set(hrefs)) == REPORTS and all("/fr/reports/" in h for h in hrefs)
    finally:
        page.close()


@pytest.mark.browser
def test_a_query_loads_a_slice_of_the_index_not_all_of_it(large_site, browser):
    """The index is split: a one-word query loads the shard its word falls in
    and the reports of the batch shown, never the whole index."""
    shards = sorted((large_site / "fr" / "search" / "t").glob("*.js"))
    documents = sorted((large_site / "fr" / "texts").glob("*.0.js"))  # a report's text begins with its page 0
    assert len(shards) >= 6 and len(documents) == REPORTS
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto((large_site / "fr" / "index.html").as_uri())
        page.click("input.md-search__input")
        for query in ("conférence", "Viettel"):
            page.fill("input.md-search__input", query)
            page.wait_for_function(
                "q => document.querySelector('.archive-search__list').dataset.query === q", arg=query
            )
            assert page.locator(".archive-search__list a.md-search-result__link").count() > 0, query
    finally:
        page.close()
    loaded_shards = {u for u in requested if "/fr/search/t/" in u}
    loaded_documents = {u for u in requested if "/fr/texts/" in u}
    assert 1 <= len(loaded_shards) <= 4, loaded_shards
    assert len(loaded_documents) <= 2 * 20  # a page of each result of a batch, per query
    loaded_bytes = sum((large_site / "fr" / "search" / "t" / u.rsplit("/", 1)[1]).stat().st_size for u in loaded_shards)
    assert loaded_bytes < sum(p.stat().st_size for p in shards) / 2


def test_new_seeds_cleaned_on_every_core_are_cleaned_as_in_one_process(tmp_path, monkeypatch):
    from reportarchive import parallel, pipeline

    synthetic.generate(tmp_path / "seeds", 40, LANGUAGES)
    monkeypatch.setattr(pipeline, "PARALLEL_CLEAN_MIN", 10**9)
    alone = pipeline.read_and_clean(tmp_path / "seeds")
    monkeypatch.setattr(pipeline, "PARALLEL_CLEAN_MIN", 1)
    monkeypatch.setattr(pipeline, "READ_BATCH", 7)  # batches that do not divide the seeds
    calls = []
    real = parallel.Pool.map
    monkeypatch.setattr(parallel.Pool, "map", lambda self, job, jobs: calls.append(len(jobs)) or real(self, job, jobs))
    pooled = pipeline.read_and_clean(tmp_path / "seeds")
    assert pooled == alone and len(alone[0]) == 80
    assert sum(calls) == 80 and max(calls) == 7


def test_the_seeds_cleaned_now_bring_fasttexts_sure_answers_which_detection_then_takes(tmp_path, monkeypatch):
    """A first build detects while it cleans: the workers that clean a seed
    give fastText's answer for its text when fastText is sure, and the
    detection stage takes it from the cache instead of detecting again."""
    from reportarchive import language, pipeline

    synthetic.generate(tmp_path / "seeds", 12, LANGUAGES)
    monkeypatch.setattr(pipeline, "PARALLEL_CLEAN_MIN", 1)  # on every core, as in a first build
    detected: language.DetectionCache = {}
    cleaned, _, _ = pipeline.read_and_clean(tmp_path / "seeds", detected=detected)
    samples = {c.src_uri: language.sample(b.text for b in c.blocks) for c in cleaned}
    sure = {}
    for text in samples.values():
        answer = language.sure_fast(text)
        if answer is not None:
            sure[language.text_key(text)] = [answer.language, answer.confidence]
    assert detected == sure and len(sure) >= len(samples) - 1
    asked: list[str] = []
    real = language.detect_many
    monkeypatch.setattr(language, "detect_many", lambda texts: asked.extend(texts) or real(texts))
    results, _ = language.detect_all(samples, detected)
    assert [language.text_key(text) for text in asked] == [
        k for k in map(language.text_key, samples.values()) if k not in sure
    ]
    assert {results[name].language for name in samples} == set(LANGUAGES)
    assert all(results[name] == language.detect(text) for name, text in samples.items())
