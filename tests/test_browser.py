"""What a reader does, in Debian's Chromium: read, switch language, search.

Every test runs three ways over the very same built site: served over http at
the root, served under /archive/, and unpacked from the offline zip and opened
from disk. Any request to another host is aborted and fails the test.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from browserkit import CHROMIUM_ARGS, NetworkGuard, SiteServer, chromium_path
from reportarchive.offline import TOP_FOLDER, make_zip

pytestmark = [pytest.mark.browser, pytest.mark.site]
LANGUAGES = ("de", "fr", "pt", "uk")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


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
    context = browser.new_context()
    guard = NetworkGuard(site_base)
    context.route("**/*", guard)
    errors: list[str] = []
    tab = context.new_page()
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert guard.blocked == [], f"requests to other hosts: {guard.blocked}"
    assert errors == [], f"script errors: {errors}"


@pytest.fixture(scope="session")
def catalogue(built_site) -> dict[str, dict]:
    """slug -> {"languages": [...]} read from the built report pages."""
    reports: dict[str, dict] = {}
    for html_file in sorted(built_site.glob("*/reports/*.html")):
        html = html_file.read_text()
        entry = reports.setdefault(html_file.stem, {"languages": []})
        if 'class="report-meta"' in html:
            entry["languages"].append(html_file.parent.parent.name)
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
    assert state["title"].startswith("Projekts zur digitalen Transformation")
    captions = page.locator("figure.report-caption").all_inner_texts()
    assert len(captions) == 4
    assert page.locator("p.report-paragraph").count() == 11
    switch_to(page, "pt", hover=True)
    assert (landed(page)["lang"], landed(page)["slug"]) == ("pt", slug)


def test_switcher_from_every_report_page_to_every_language(page, site_base, catalogue):
    for slug, report in catalogue.items():
        for start in LANGUAGES:
            for target in LANGUAGES:
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
    for start in LANGUAGES:
        for target in LANGUAGES:
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


QUERIES = {"fr": "transformation", "pt": "transformação", "de": "Transformation", "uk": "конференції"}


@pytest.mark.parametrize("language", LANGUAGES)
def search(tab, query: str) -> list[str]:
    """Type ``query`` into the header search box; return the result links.

    Keystrokes made while the search index is still loading are not searched
    (a person then types on), so the query is typed again until a result
    count shows up.
    """
    counted = "() => /\\d/.test(document.querySelector('.md-search-result__meta').textContent)"
    for attempt in range(4):
        if attempt:  # clear, and let the box see it cleared, or the same query is ignored
            tab.fill("input.md-search__input", "")
            tab.wait_for_timeout(500)
        tab.fill("input.md-search__input", query)
        # fill() sends no key events; Material searches on key events, which a
        # person typing (in any script) always sends.
        tab.press("input.md-search__input", "End")
        try:
            tab.wait_for_function(counted, timeout=4000)
            break
        except Exception:
            if attempt == 3:
                raise
    return tab.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_reports_in_the_page_language(page, site_base, language):
    page.goto(f"{site_base}{language}/index.html")
    hrefs = search(page, QUERIES[language])
    assert hrefs
    assert all(f"/{language}/" in href for href in hrefs), hrefs


@pytest.mark.parametrize("language", LANGUAGES)
def test_missing_page_gets_the_language_404(page, site_base, language):
    if site_base.startswith("file:"):
        pytest.skip("a 404 is an answer of a web server")
    response = page.goto(f"{site_base}{language}/reports/no-such-report.html")
    assert response.status == 404
    state = landed(page)
    assert state["lang"] == language and state["styled"], "the 404 page must load its own styles"
    with page.expect_navigation():
        page.click(".md-header__title, .md-header__button.md-logo")
    assert page.url == f"{site_base}{language}/index.html"


def test_unknown_address_gets_the_root_404_that_leads_to_every_language(page, site_base):
    if site_base.startswith("file:"):
        pytest.skip("a 404 is an answer of a web server")
    response = page.goto(f"{site_base}no/such/page.html")
    assert response.status == 404
    page.wait_for_selector("head > base", state="attached")
    hrefs = page.eval_on_selector_all(".root-languages a", "links => links.map(a => a.href)")
    assert sorted(hrefs) == [f"{site_base}{code}/index.html" for code in LANGUAGES]
