"""What a reader does, in Debian's Chromium: read, switch language, search.

Every test runs three ways over the very same built site: served over http at
the root, served under /archive/, and unpacked from the offline zip and opened
from disk. Any request to another host is aborted and fails the test.
"""

from __future__ import annotations

import re
import zipfile
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browserkit import SiteServer, compare_addresses, watched_tab
from reportarchive.offline import TOP_FOLDER, make_zip

pytestmark = [pytest.mark.browser, pytest.mark.site]
LANGUAGES = ("de", "fr", "pt", "uk")


@pytest.fixture(scope="session")
def unpacked_zip(built_site, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("offline")
    make_zip(built_site, folder / "site.zip")
    with zipfile.ZipFile(folder / "site.zip") as archive:
        archive.extractall(folder)
    return folder / TOP_FOLDER


@pytest.fixture(scope="session", params=["root", "subpath", "file"])
def site_base(request, built_site, unpacked_zip):
    """The base URL of the site, in each of the three ways it is read."""
    if request.param == "file":
        yield unpacked_zip.as_uri() + "/"
        return
    prefix = "/" if request.param == "root" else "/archive/"
    with SiteServer(built_site, prefix) as server:
        yield server.base


@pytest.fixture
def page(browser, site_base):
    tab, guard, problems = watched_tab(browser, site_base)
    tab.archive_problems = problems
    yield tab
    tab.context.close()
    assert guard.blocked == [], f"requests to other hosts: {guard.blocked}"
    assert problems.problems() == [], "failed requests or errors"


@pytest.fixture(scope="session")
def catalogue(built_site) -> dict[str, dict]:
    """slug -> {"languages": [...], "titles": {language: title}} read from the built report pages."""
    reports: dict[str, dict] = {}
    for html_file in sorted(built_site.glob("*/reports/*.html")):
        html = html_file.read_text()
        entry = reports.setdefault(html_file.stem, {"languages": [], "titles": {}})
        if 'class="report-meta"' in html:
            entry["languages"].append(html_file.parent.parent.name)
            heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
            entry["titles"][html_file.parent.parent.name] = unescape(heading.group(1)).strip() if heading else ""
    return reports


def landed(tab) -> dict:
    return tab.evaluate(
        """() => ({
            lang: document.documentElement.lang,
            slug: (document.querySelector('.report-meta') || {}).dataset?.slug || null,
            missing: !!document.querySelector('.report-missing'),
            missingLinks: [...document.querySelectorAll('.report-missing-list a')].map(a => a.getAttribute('hreflang')),
            title: document.querySelector('h1')?.textContent.trim() || '',
            styled: getComputedStyle(document.querySelector('.md-header') || document.body).position === 'sticky',
        })"""
    )


def switch_to(tab, language: str, hover: bool = False) -> None:
    """Follow the switcher's entry for ``language``.

    With ``hover`` the menu is opened and the entry clicked as a person does;
    otherwise the entry's own click is dispatched (same link, less waiting).
    """
    link = tab.locator(f'.md-header__option .md-select__link[hreflang="{language}"]')
    with tab.expect_navigation(wait_until="domcontentloaded"):
        if hover:
            tab.hover(".md-header__option .md-select")
            link.click()
        else:
            link.dispatch_event("click")


def test_reading_a_report(page, site_base, catalogue):
    slug = next(s for s, r in catalogue.items() if len(r["languages"]) == 3)
    page.goto(f"{site_base}de/reports/{slug}.html")
    state = landed(page)
    assert state["lang"] == "de" and state["slug"] == slug and state["styled"]
    assert state["title"].startswith("Projekt zur digitalen Transformation")
    captions = page.locator("figure.report-caption").all_inner_texts()
    assert len(captions) == 4
    assert page.locator(".md-content p[data-line]").count() == 11
    switch_to(page, "pt", hover=True)
    assert (landed(page)["lang"], landed(page)["slug"]) == ("pt", slug)


def hosted_at_root(site_base: str) -> bool:
    return site_base.startswith("http") and urlsplit(site_base).path == "/"


def switches(site_base: str, turn: int) -> list[tuple[str, str]]:
    """(from, to) languages to switch between: every pair at the root; under a
    path and from disk (where only the base of the same relative links
    differs) each language once as the start and once as the target, the
    pairs turning with ``turn`` so that several reports or pages cover most."""
    if hosted_at_root(site_base):
        return [(start, target) for start in LANGUAGES for target in LANGUAGES]
    return [(start, LANGUAGES[(i + 1 + turn) % len(LANGUAGES)]) for i, start in enumerate(LANGUAGES)]


def test_switcher_from_every_report_page_to_every_language(page, site_base, catalogue):
    for turn, (slug, report) in enumerate(catalogue.items()):
        for start, target in switches(site_base, turn):
            page.goto(f"{site_base}{start}/reports/{slug}.html", wait_until="domcontentloaded")
            switch_to(page, target)
            state = landed(page)
            where = f"{start} -> {target} for {slug}"
            assert state["lang"] == target, where
            assert page.url.endswith(f"/{target}/reports/{slug}.html"), where
            assert state["styled"], where
            if target in report["languages"]:
                assert state["slug"] == slug and not state["missing"], where
            else:
                assert state["missing"] and state["slug"] is None, where
                assert state["missingLinks"] == report["languages"], where


def test_not_available_page_leads_to_every_translation(page, site_base, catalogue):
    slug, report = next((s, r) for s, r in catalogue.items() if "uk" not in r["languages"])
    for language in report["languages"]:
        page.goto(f"{site_base}uk/reports/{slug}.html")
        with page.expect_navigation():
            page.click(f'.report-missing-list a[hreflang="{language}"]')
        state = landed(page)
        assert (state["lang"], state["slug"]) == (language, slug)


def test_switcher_on_home_pages_and_root(page, site_base):
    page.goto(f"{site_base}index.html")
    languages = page.eval_on_selector_all(".root-languages a", "links => links.map(a => a.getAttribute('hreflang'))")
    assert sorted(languages) == list(LANGUAGES)
    for turn in range(2):
        for start, target in switches(site_base, turn):
            page.goto(f"{site_base}{start}/index.html", wait_until="domcontentloaded")
            switch_to(page, target)
            assert landed(page)["lang"] == target and page.url.endswith(f"/{target}/index.html")


def test_home_lists_reports_that_open(page, site_base):
    page.goto(f"{site_base}fr/index.html")
    titles = page.locator(".report-list-title")
    assert titles.count() == 2
    with page.expect_navigation():
        titles.first.click()
    assert landed(page)["lang"] == "fr" and landed(page)["slug"]


def search(tab, query: str, everywhere: bool = False) -> list[dict]:
    """Type ``query`` into the header search box; return the results shown."""
    tab.click("input.md-search__input")
    if everywhere:
        tab.check(".archive-search__all")
        tab.click("input.md-search__input")
    tab.keyboard.type(query)
    tab.wait_for_function(
        "q => document.querySelector('.archive-search__list').dataset.query === q", arg=query, timeout=15000
    )
    return tab.eval_on_selector_all(
        ".archive-search__list a",
        """links => links.map(a => ({
            href: a.href, lang: a.getAttribute('hreflang'),
            title: a.querySelector('h1').textContent,
            marks: [...a.querySelectorAll('mark')].map(m => m.textContent),
            date: (a.querySelector('.archive-search__where time') || {}).dateTime || null,
        }))""",
    )


def slugs_of(results) -> list[str]:
    return sorted({r["href"].rsplit("/", 1)[-1].split("-")[0] for r in results})


# For every language: queries, and the first word of the slug of every report
# each must find (bao-… is the qdnd.vn project report, hoi-… the mod.gov.vn
# conference, lanh-… the Ukrainian one). Accent-free and stemmed forms included.
SEARCHES = {
    "fr": [
        ("transformation numérique", ["bao", "hoi"]),
        ("Viettel", ["bao"]),
        ("Hanoi", ["hoi"]),
        ("reunion", ["bao"]),
        ("réunions", ["bao"]),
        ("delegues", ["bao", "hoi"]),
        ("conférences", ["hoi"]),
    ],
    "pt": [
        ("transformação digital", ["bao"]),
        ("transformacao", ["bao"]),
        ("reuniões", ["bao"]),
        ("agência", ["bao"]),
        ("Exercito Popular", ["bao"]),
    ],
    "de": [
        ("digitalen Transformation", ["bao"]),
        ("Behorden", ["bao"]),
        ("Behörde", ["bao"]),
        ("Generalleutnant", ["bao"]),
        ("Arbeitssitzungen", ["bao"]),
    ],
    "uk": [("конференції", ["lanh"]), ("цифрова екосистема", ["lanh"]), ("Генерал", ["lanh"]), ("конференц", ["lanh"])],
}
NOTHING = {"fr": "conférence Viettel Ukraine", "pt": "xilofone", "de": "Konferenz Hanoi", "uk": "transformation"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_reports_in_the_page_language_only(page, site_base, language):
    for query, expected in SEARCHES[language]:
        page.goto(f"{site_base}{language}/index.html")
        results = search(page, query)
        assert slugs_of(results) == expected, query
        assert {r["lang"] for r in results} == {language}, query
        assert all(f"/{language}/reports/" in r["href"] for r in results), query
        assert all(r["marks"] for r in results), f"{query}: the match is highlighted"
        assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"] or "") for r in results), f"{query}: dated"


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_can_find_nothing(page, site_base, language):
    page.goto(f"{site_base}{language}/index.html")
    assert search(page, NOTHING[language]) == []
    # It says so in the page's language (Material's string), not the prompt it shows before a query.
    strings = page.evaluate(
        "JSON.parse(document.querySelector('form[data-archive-search]').dataset.archiveSearch).strings"
    )
    assert strings["none"] != strings["placeholder"]
    assert page.text_content(".archive-search__meta").strip() == strings["none"]


def test_search_all_languages_on_request(page, site_base):
    page.goto(f"{site_base}fr/index.html")
    results = search(page, "Transformation", everywhere=True)
    assert {r["lang"] for r in results} == {"fr", "de"}
    page.goto(f"{site_base}uk/index.html")
    assert {r["lang"] for r in search(page, "Viettel", everywhere=True)} == {"fr", "pt", "de"}
    page.goto(f"{site_base}pt/index.html")
    only_here = search(page, "Viettel")
    assert {r["lang"] for r in only_here} == {"pt"}


# A query in every script: (language, query, a word highlighted in its one result).
EVERY_SCRIPT = [
    ("es", "transformacion digital", "transformación"),
    ("es", "proyectos", "proyecto"),
    ("el", "μετασχηματισμου", "μετασχηματισμού"),
    ("vi", "chuyen doi so", "chuyển"),
    ("zh", "数字化", "数字化"),
    ("zh", "数", "数字"),  # one character, being typed: the pairs it starts
    ("ja", "デジタル変革", "デジタル変革"),
    ("ar", "الوزير", "وزارة"),  # one root, as the Arabic stemmer finds it
    ("ar", "وزير", "وزارة"),
    ("he", "הפרויקט", "הפרויקט"),
    ("th", "ดิจิทัล", "ดิจิทัล"),
    ("ru", "конференции", "конференцию"),
    ("ru", "конфер", "конференцию"),  # a prefix, being typed (Ukrainian has it too: see ALSO_IN)
    ("hi", "सम्मेलन", "सम्मेलन"),
    ("ko", "디지털", "디지털"),
    ("it", "trasformazione", "trasformazione"),
    ("pl", "cyfrowej", "cyfrowej"),
    ("tr", "dönüşüm", "dönüşüm"),
    ("id", "pertahanan", "Pertahanan"),
]


# Queries that other languages' reports match as well, with "all languages".
ALSO_IN = {"конфер": {"uk"}}


@pytest.fixture(scope="module", params=["file", "hosted"])
def many_scripts_base(request, site_with_new_languages):
    if request.param == "file":
        yield site_with_new_languages.as_uri() + "/"
        return
    with SiteServer(site_with_new_languages, "/archive/") as server:
        yield server.base


@pytest.mark.parametrize("language,query,found", EVERY_SCRIPT)
def test_a_query_in_every_script_finds_its_report_and_nothing_foreign(
    browser, many_scripts_base, language, query, found
):
    tab, guard, problems = watched_tab(browser, many_scripts_base)
    tab.goto(f"{many_scripts_base}{language}/index.html")
    results = search(tab, query)
    assert len(results) == 1 and results[0]["lang"] == language
    assert found in results[0]["marks"]
    tab.goto(f"{many_scripts_base}{language}/index.html")
    everywhere = search(tab, query, everywhere=True)
    assert results[0]["href"] in [r["href"] for r in everywhere]
    assert sorted(r["lang"] for r in everywhere) == sorted({language} | ALSO_IN.get(query, set())), "nothing foreign"
    tab.context.close()
    assert guard.blocked == [] and problems.problems() == []


def test_search_result_opens_the_report(page, site_base):
    page.goto(f"{site_base}de/index.html")
    search(page, "Volksarmee")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert landed(page)["lang"] == "de" and landed(page)["slug"]


NOT_FOUND = {
    "de": "Seite nicht gefunden",
    "fr": "Page introuvable",
    "pt": "Página não encontrada",
    "uk": "Сторінку не знайдено",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_missing_page_gets_the_language_404(page, site_base, language):
    if site_base.startswith("file:"):
        pytest.skip("a 404 is an answer of a web server")
    response = page.goto(f"{site_base}{language}/reports/no-such-report.html")
    assert response.status == 404
    state = landed(page)
    assert state["lang"] == language and state["styled"], "the 404 page must load its own styles"
    assert state["title"] == NOT_FOUND[language]
    links = page.eval_on_selector_all(".not-found-languages a", "links => links.map(a => a.href)")
    assert sorted(links) == [f"{site_base}{code}/index.html" for code in LANGUAGES]
    with page.expect_navigation():
        page.click(".md-header__title, .md-header__button.md-logo")
    assert page.url == f"{site_base}{language}/index.html"


def test_unknown_address_gets_the_root_404_that_leads_to_every_language(page, site_base):
    if site_base.startswith("file:"):
        pytest.skip("a 404 is an answer of a web server")
    page.goto(f"{site_base}pt/index.html")  # a page of the site remembers where its root is
    response = page.goto(f"{site_base}no/such/page.html")
    assert response.status == 404
    page.wait_for_selector("head > base", state="attached")
    hrefs = page.eval_on_selector_all(".root-languages a", "links => links.map(a => a.href)")
    assert sorted(hrefs) == [f"{site_base}{code}/index.html" for code in LANGUAGES]


def compare_state(tab) -> dict:
    tab.wait_for_selector(".compare-row--head")  # the view is drawn once the report's data script has loaded
    return tab.evaluate(
        """() => {
            const table = document.querySelector('.compare');
            const rows = [...table.querySelectorAll('.compare-row:not(.compare-row--head)')];
            return {
                left: table.dataset.left, right: table.dataset.right,
                query: location.search,
                head: [...table.querySelectorAll('.compare-row--head .compare-cell')].map(c => c.lang),
                dates: [...table.querySelectorAll('.compare-row--head time.compare-date')].map(t => t.dateTime),
                rows: rows.map(r => ({
                    kind: r.className.includes('caption') ? 'caption' : 'paragraph',
                    unmatched: r.classList.contains('compare-row--unmatched'),
                    langs: [...r.children].map(c => c.lang),
                    kinds: [...r.querySelectorAll('p')].map(p => p.className),
                    texts: [...r.children].map(c => c.textContent.trim()),
                })),
            };
        }"""
    )


@pytest.mark.parametrize("left,right", [("fr", "de"), ("fr", "pt"), ("de", "pt"), ("pt", "fr")])
def test_compare_view_faces_every_paragraph_with_its_translation(page, site_base, catalogue, left, right):
    slug = next(s for s, r in catalogue.items() if len(r["languages"]) == 3)
    page.goto(f"{site_base}de/compare.html?report={slug}&left={left}&right={right}")
    state = compare_state(page)
    assert (state["left"], state["right"], state["head"]) == (left, right, [left, right])
    assert len(state["dates"]) == 2 and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in state["dates"])
    assert len(state["rows"]) == 15
    for row in state["rows"]:
        assert not row["unmatched"] and row["langs"] == [left, right] and all(row["texts"])
        assert set(row["kinds"]) == {f"compare-{row['kind']}"}
    assert sum(row["kind"] == "caption" for row in state["rows"]) == 4
    assert landed(page)["lang"] == "de"  # the interface stays in the page's language


def test_compare_view_switches_and_swaps(page, site_base, catalogue):
    slug = next(s for s, r in catalogue.items() if len(r["languages"]) == 3)
    page.goto(f"{site_base}de/reports/{slug}.html")
    with page.expect_navigation():
        page.click(".report-compare a")
    state = compare_state(page)
    assert landed(page)["lang"] == "de" and (state["left"], state["right"]) == ("de", "fr")
    page.select_option("select[name=right]", "pt")
    assert (compare_state(page)["left"], compare_state(page)["right"]) == ("de", "pt")
    page.click(".compare-swap")
    state = compare_state(page)
    assert (state["left"], state["right"]) == ("pt", "de") and state["rows"][0]["langs"] == ["pt", "de"]
    assert "left=pt" in state["query"] and "right=de" in state["query"]
    page.select_option("select[name=left]", "de")  # the same language on both sides: the other one moves over
    state = compare_state(page)
    assert state["left"] == "de" and state["right"] != "de"
    for target in ("fr", "pt"):
        page.goto(f"{site_base}de/compare.html?report={slug}&left=pt&right=fr")
        compare_state(page)  # drawn: it sets the address (a navigation of its own) before the switch
        switch_to(page, target)
        state = compare_state(page)
        assert page.url.split("?")[0].endswith(f"/{target}/compare.html") and landed(page)["lang"] == target
        assert (state["left"], state["right"]) == ("pt", "fr")  # the same report and pair, another interface
        heading = page.locator("h1").text_content()
        assert catalogue[slug]["titles"][target] in heading and heading in page.title()
    page.goto(f"{site_base}de/compare.html?report={slug}")
    compare_state(page)
    switch_to(page, "uk")  # no Ukrainian version: its "not available" page
    state = landed(page)
    assert state["lang"] == "uk" and state["missing"] and page.url.endswith(f"/uk/reports/{slug}.html")


def test_compare_view_stacks_on_narrow_screens_and_prints_cleanly(page, site_base, catalogue):
    slug = next(s for s, r in catalogue.items() if len(r["languages"]) == 3)
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(f"{site_base}fr/compare.html?report={slug}")
    first, second = page.locator(".compare-row:not(.compare-row--head)").first.locator(".compare-cell").all()
    assert second.bounding_box()["y"] > first.bounding_box()["y"] + first.bounding_box()["height"] - 1
    page.set_viewport_size({"width": 1280, "height": 800})
    page.emulate_media(media="print")
    assert page.locator(".compare-controls").is_hidden() and page.locator(".md-header").is_hidden()
    first, second = page.locator(".compare-row:not(.compare-row--head)").first.locator(".compare-cell").all()
    assert abs(second.bounding_box()["y"] - first.bounding_box()["y"]) < 1  # side by side on paper
    assert page.pdf()[:4] == b"%PDF"


def _pages_of_every_kind(site: Path, every_report: bool = True) -> list[str]:
    """Root, language homes, report, not-available and compare pages: every
    report's, or those of the report in fewest languages (its pages in the
    others are not-available pages)."""
    pages = ["index.html"] + [f"{code}/index.html" for code in LANGUAGES]
    reports = sorted(p.relative_to(site).as_posix() for p in site.glob("*/reports/*.html"))
    if not every_report:
        written = {Path(r).stem: 0 for r in reports}
        for report in reports:
            written[Path(report).stem] += 'class="report-meta"' in (site / report).read_text()
        fewest = min(written, key=lambda slug: (written[slug], slug))
        reports = [r for r in reports if Path(r).stem == fewest]
    return pages + reports + compare_addresses(site)


MISSING_ADDRESSES = ["fr/reports/no-such-report.html", "de/a/b/c.html", "no/such/page.html", "gone.html"]


def test_no_page_makes_a_failed_request_or_logs_an_error(page, site_base, built_site):
    """Every page kind, hosted at the root (every page), under a path and
    from disk (every kind), and the 404 pages where a server answers: no 404
    for an asset or a sitemap, no console error, no script error."""
    at_root = hosted_at_root(site_base)
    addresses = _pages_of_every_kind(built_site, every_report=at_root)
    if not site_base.startswith("file:"):
        addresses += MISSING_ADDRESSES
    for address in addresses:
        page.goto(site_base + address)
        page.wait_for_load_state("networkidle")
        assert page.archive_problems.problems() == [], address
        assert page.evaluate("getComputedStyle(document.body).display") != "", address
    assert len(addresses) >= (20 if at_root else 14)


def _not_found_state(tab) -> dict:
    return tab.evaluate(
        """() => ({
            lang: document.documentElement.lang, dir: document.documentElement.dir,
            heading: (document.querySelector('#not-found-title, .md-content h1') || {}).textContent,
            links: [...document.querySelectorAll('.root-languages a, .not-found-languages a')].map(a => a.href),
        })"""
    )


@pytest.mark.parametrize(
    "address,locale,referrer,language,heading",
    [
        ("fr/reports/no-such-report.html", "en-US", None, "fr", "Page introuvable"),
        ("uk/x/y/z.html", "de-DE", None, "uk", "Сторінку не знайдено"),
        ("gone.html", "en-US", "de/index.html", "de", "Seite nicht gefunden"),
        ("gone.html", "pt-BR", None, "pt", "Página não encontrada"),
        ("gone.html", "ja-JP", None, "en", "Page not found"),
    ],
)
@pytest.mark.parametrize("prefix", ["/", "/archive/"])
def test_the_site_404_speaks_the_language_of_the_address(
    browser, built_site, prefix, address, locale, referrer, language, heading
):
    """A host that serves one 404 page for every missing address (GitHub Pages):
    the page takes the language of the address, else of the page the reader
    came from, else the reader's own, and its links lead into the site."""
    if prefix != "/" and referrer is None and address.split("/")[0] not in LANGUAGES:
        pytest.skip(
            "below a path, with no language in the address, no referrer and no earlier visit, the site root is "
            "unknowable without a site_url"
        )
    tab, _, problems = watched_tab(browser, locale=locale)
    with SiteServer(built_site, prefix, language_404s=False) as server:
        response = tab.goto(server.base + address, referer=server.base + referrer if referrer else None)
        assert response.status == 404
        state = _not_found_state(tab)
        assert (state["lang"], state["heading"]) == (language, heading)
        assert sorted(state["links"]) == [f"{server.base}{code}/index.html" for code in LANGUAGES]
        with tab.expect_navigation():
            tab.click('.root-languages a[hreflang="fr"]')
        assert landed(tab)["lang"] == "fr"
        tab.wait_for_load_state("networkidle")  # (the icon is asked for late: not after the server stops)
        tab.context.close()
    assert problems.problems() == []


ICON_FREE_TEXT = re.compile("[\u2190-\u21ff\u2300-\u23ff\u2600-\u27bf\U0001f000-\U0001faff]")


def test_captions_and_compare_links_use_icons_that_need_no_font(page, site_base, catalogue):
    """Photo captions and the compare link and button are marked by SVG icons
    drawn in CSS (no emoji or symbol a machine may have no glyph for), and
    say in words what they are."""
    slug = next(s for s, r in catalogue.items() if len(r["languages"]) == 3)
    icon = (
        "el => { const s = getComputedStyle(el, '::before'); return (s.maskImage || s.webkitMaskImage || '') + '|' "
        "+ s.width }"
    )
    page.goto(f"{site_base}de/reports/{slug}.html")
    caption = page.locator("figure.report-caption figcaption").first
    assert "data:image/svg+xml" in caption.evaluate(icon) and not caption.evaluate(icon).endswith("|0px")
    assert caption.locator(".visually-hidden").text_content() == "Bildunterschrift: "
    assert "data:image/svg+xml" in page.locator(".report-compare a").evaluate(icon)
    assert not ICON_FREE_TEXT.search(page.inner_text("body"))
    page.goto(f"{site_base}de/compare.html?report={slug}")
    caption = page.locator(".compare-caption").first
    assert "data:image/svg+xml" in caption.evaluate(icon)
    assert caption.locator(".visually-hidden").text_content() == "Bildunterschrift: "
    assert "data:image/svg+xml" in page.locator(".compare-swap").evaluate(icon)
    assert not ICON_FREE_TEXT.search(page.inner_text("body"))


@pytest.mark.parametrize(
    "language,query,count",
    [
        ("uk", "конференції", "Знайдено 1 звіт"),
        ("de", "Volksarmee", "1 Bericht gefunden"),
        ("fr", "transformation", "2 rapports trouvés"),
        ("pt", "Viettel", "1 relatório encontrado"),
    ],
)
def test_the_search_count_speaks_the_page_language(page, site_base, language, query, count):
    page.goto(f"{site_base}{language}/index.html")
    search(page, query)
    assert page.text_content(".archive-search__meta").strip() == count


def test_right_to_left_wherever_it_applies(browser, many_scripts_base, site_with_new_languages):
    """Arabic pages are right to left on <html> and <body>; an Arabic name or
    result in a left-to-right page, and each column of a compare view, takes
    its own direction."""
    address = next(a for a in compare_addresses(site_with_new_languages, ["ar"]) if "fr" in a)
    slug = re.search(r"report=([^&]+)", address).group(1)
    tab = browser.new_page()
    tab.goto(f"{many_scripts_base}ar/compare.html?report={slug}&left=ar&right=fr")
    tab.wait_for_selector(".compare-row--head")
    state = tab.evaluate("""() => ({
        html: document.documentElement.dir, body: document.body.dir,
        cells: [...document.querySelectorAll('.compare-row:not(.compare-row--head) .compare-cell[lang]')]
            .map(c => [c.lang, c.dir, getComputedStyle(c).direction]),
    })""")
    assert (state["html"], state["body"]) == ("rtl", "rtl")
    assert state["cells"] and all(
        cell == (["ar", "rtl", "rtl"] if cell[0] == "ar" else ["fr", "ltr", "ltr"]) for cell in state["cells"]
    )
    assert {cell[0] for cell in state["cells"]} == {"ar", "fr"}
    # The first column is drawn on the right in a right-to-left page, and its control says so.
    sides = tab.evaluate("""() => {
        const row = document.querySelector('.compare-row:not(.compare-row--head)');
        const [first, second] = [...row.querySelectorAll('.compare-cell')].map(c => c.getBoundingClientRect().left);
        const label = document.querySelector('select[name=left]').parentElement.firstChild.textContent.trim();
        return {firstOnTheRight: first > second, label};
    }""")
    assert sides == {"firstOnTheRight": True, "label": "اليمين"}
    tab.goto(f"{many_scripts_base}fr/reports/{slug}.html")
    assert tab.evaluate("document.documentElement.dir") == "ltr"
    arabic = tab.locator('.md-select__link[hreflang="ar"]')
    assert arabic.get_attribute("dir") == "rtl" and arabic.evaluate("a => getComputedStyle(a).direction") == "rtl"
    assert tab.locator('.report-languages a[hreflang="ar"]').get_attribute("dir") == "rtl"
    results = search(tab, "المشروع", everywhere=True)
    assert results and tab.locator('.archive-search__list a[hreflang="ar"]').first.get_attribute("dir") == "rtl"
    tab.goto(f"{many_scripts_base}he/index.html")
    assert tab.evaluate(
        "[document.documentElement.dir, getComputedStyle(document.querySelector('.report-list')).direction]"
    ) == ["rtl", "rtl"]
    tab.close()


def test_the_search_button_opens_the_language_sites_box_and_is_hidden_without_scripts(browser, built_site):
    """On a narrow screen the header's button opens the search box, which the
    script put there from the language site's file; without scripts (which
    the search needs) there is no button that would open nothing."""
    report = next(p for p in sorted((built_site / "pt" / "reports").glob("*.html")) if "report-meta" in p.read_text())
    for scripts in (True, False):
        tab, guard, problems = watched_tab(
            browser, built_site.as_uri(), viewport={"width": 400, "height": 800}, java_script_enabled=scripts
        )
        try:
            tab.goto(report.as_uri())
            assert tab.is_visible("label.archive-search-button") is scripts
            if scripts:
                tab.click("label.archive-search-button")
                tab.fill("input.md-search__input", "projeto")
                tab.wait_for_function(
                    "() => document.querySelector('.archive-search__list').dataset.query === 'projeto'"
                )
                assert tab.locator(".archive-search__list a").count() >= 1
                assert tab.get_attribute("input.md-search__input", "placeholder") == "Buscar"
            assert problems.problems() == [] and guard.blocked == []
        finally:
            tab.context.close()
