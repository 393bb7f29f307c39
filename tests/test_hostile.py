"""Hostile seeds render as literal text and run nothing.

A project made of the seeds in ``hostile_seeds.py`` (script tags, event
handlers, ``javascript:`` and ``data:`` sources, Markdown, Jinja, front
matter, unclosed comments, indents, bidi overrides, zero-width characters,
a hostile file name, a hostile title in metadata.yml) is built with
``--strict``; the HTML is read for anything injected, and Chromium opens every
page from disk and watches for dialogs, errors and the payloads' marker.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import hostile_seeds
from browserkit import CHROMIUM_ARGS, NetworkGuard, chromium_path
from conftest import make_project, run_build
from htmltext import Page, article_text, parse, squash
from reportarchive import pipeline

pytestmark = pytest.mark.site

# Invisible characters the reader removes (reportarchive.reader.strip_deceptive).
DECEPTIVE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]")
# What an article may contain: the page title and the report's own markup.
ARTICLE_TAGS = {"a", "code", "div", "figcaption", "figure", "h1", "li", "ol", "p", "span", "strong", "time", "ul"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcdoc", "data", "poster", "xlink:href", "background"}


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    hostile_seeds.write_seeds(root / "seeds")
    project = make_project(root / "project", root / "seeds")
    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return project


@pytest.fixture(scope="module")
def pages_by_seed(hostile_project) -> dict[str, Path]:
    """Seed file name -> its built report page (found by the page's data-seed)."""
    found = {}
    for page in sorted((hostile_project / "site" / "en" / "reports").glob("*.html")):
        match = re.search(r'data-seed="([^"]*)"', page.read_text(encoding="utf-8"))
        assert match, page
        found[_unescape(match[1])] = page
    assert sorted(found) == sorted(hostile_seeds.SEEDS)
    return found


def _unescape(value: str) -> str:
    import html

    return html.unescape(value)


def markup(path: Path) -> Page:
    return parse(path.read_text(encoding="utf-8"))


def test_hostile_seeds_build_under_strict_without_a_problem(hostile_project):
    """Nothing in them is a problem: they are text like any other."""
    result = run_build(hostile_project, "--strict", "--no-site")
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_no_page_has_an_injected_tag_attribute_or_address(hostile_project, pages_by_seed):
    site = hostile_project / "site"
    reference_scripts = None
    for page in sorted(site.rglob("*.html")):
        parsed = markup(page)
        for tag, attrs, in_article in parsed.tags:
            where = f"{page.relative_to(site)}: <{tag} {attrs}>"
            assert not [name for name in attrs if name.startswith("on")], where
            for name in URL_ATTRIBUTES & set(attrs):
                value = re.sub(r"[\s\x00-\x1f]", "", attrs[name]).lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), where
            assert tag not in ("iframe", "object", "embed", "img", "base", "frame", "template", "math"), where
            assert not (tag == "meta" and "http-equiv" in attrs), where
            if in_article and page.parent.name == "reports":
                assert tag in ARTICLE_TAGS, where
        for src, text in parsed.scripts:
            assert "pwned" not in text and "alert" not in text, page
            assert src is None or not re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", src), page
        if page.parent.name == "reports":
            # Every report page carries the theme's scripts and nothing else.
            reference_scripts = reference_scripts or parsed.scripts
            assert parsed.scripts == reference_scripts, page


def test_hostile_text_is_shown_exactly_as_written(pages_by_seed):
    for name, (_, visible) in hostile_seeds.SEEDS.items():
        text = article_text(pages_by_seed[name].read_text(encoding="utf-8"))
        for expected in visible:
            assert squash(expected) in text, f"{name}: not shown as written: {expected!r}"


def test_templates_and_front_matter_in_a_seed_are_not_evaluated(pages_by_seed):
    jinja = article_text(pages_by_seed["h07_jinja.txt"].read_text(encoding="utf-8"))
    assert "{{ 7*7 }}" in jinja and "49" not in jinja and "looploop" not in jinja
    front = markup(pages_by_seed["h08_front_matter.txt"])
    assert "PWNED" not in front.title
    assert "title: PWNED" in article_text(pages_by_seed["h08_front_matter.txt"].read_text(encoding="utf-8"))


def test_titles_are_text_in_the_title_element_and_heading(pages_by_seed):
    assert markup(pages_by_seed["h02_title.txt"]).title.startswith(hostile_seeds.TITLE_BREAKOUT)
    assert markup(pages_by_seed["h01_script.txt"]).title.startswith(hostile_seeds.SCRIPT_TAG)
    assert markup(pages_by_seed["h14_metadata.txt"]).title.startswith(hostile_seeds.METADATA_TITLE)
    heading = article_text(pages_by_seed["h14_metadata.txt"].read_text(encoding="utf-8"))
    assert heading.startswith(hostile_seeds.METADATA_TITLE)


def test_a_source_that_is_not_a_web_address_is_shown_not_linked(pages_by_seed):
    for name, url in (
        ("h04_javascript_source.txt", "javascript:window.__pwned=17"),
        ("h05_data_source.txt", "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xODwvc2NyaXB0Pg=="),
    ):
        parsed = markup(pages_by_seed[name])
        assert not [
            a
            for tag, a, _ in parsed.tags
            if tag == "a" and not a.get("href", "").startswith(("../", "https://", "#", "reports/"))
        ]
        html = pages_by_seed[name].read_text(encoding="utf-8")
        assert f'<code class="report-source-text">{url}</code>' in html
    web = pages_by_seed["h01_script.txt"].read_text(encoding="utf-8")
    assert 'class="report-source-link" href="https://example.org/hostile/script-tags"' in web


def test_bidi_controls_and_zero_width_characters_are_removed_joiners_kept(hostile_project, pages_by_seed):
    for path in [*(hostile_project / "site").rglob("*"), *(hostile_project / "docs").rglob("*.md")]:
        if path.is_file() and path.suffix in (".html", ".js", ".md", ".xml", ".json"):
            assert not DECEPTIVE.search(path.read_text(encoding="utf-8")), path
    text = article_text(pages_by_seed["h12_invisible.txt"].read_text(encoding="utf-8"))
    assert hostile_seeds.BIDI_SHOWN in text and hostile_seeds.ZERO_WIDTH_SHOWN in text
    assert hostile_seeds.JOINERS in text  # Persian, emoji and Devanagari joiners are needed


def test_every_block_of_every_hostile_seed_survives_a_real_mkdocs_build(hostile_project, pages_by_seed):
    """The nasty examples (and everything else) through MkDocs, not just Python-Markdown."""
    gathered = pipeline.gather(hostile_project / "seeds")
    for translation in gathered.translations:
        text = article_text(pages_by_seed[translation.src_uri].read_text(encoding="utf-8"))
        for block in translation.content.blocks:
            assert squash(block.text) in text, f"{translation.src_uri}:{block.line}: lost: {block.text!r}"


def test_search_index_and_text_store_are_data_not_code(hostile_project):
    folder = hostile_project / "site" / "en" / "search"
    scripts = sorted(folder.rglob("*.js"))
    assert scripts
    titles = []
    for script in scripts:
        text = script.read_text(encoding="utf-8")
        assert re.fullmatch(
            r'\(window\.archiveSearchData=window\.archiveSearchData\|\|\{\}\)\["[^"\\]+"\]=(.*);\n', text, re.S
        ), script
        json.loads(text.split("]=", 1)[1].rstrip(";\n"))
        assert text.count("\n") == 1
    for script in sorted((hostile_project / "site" / "en" / "texts").rglob("*.js")):
        text = script.read_text(encoding="utf-8")
        assert re.fullmatch(r'\(window\.archiveText=window\.archiveText\|\|\{\}\)\["[^"\\]+"\]=(.*);\n', text, re.S), (
            script
        )
        titles.append(json.loads(text.split("]=", 1)[1].rstrip(";\n"))["t"])
        assert text.count("\n") == 1
    assert any(hostile_seeds.SCRIPT_TAG in title for title in titles)


# --- In Chromium ------------------------------------------------------------
#
# Playwright's sync API allows one instance per thread, and the session's
# browser fixture (test_browser.py) may hold this one: Chromium is driven from
# a thread of its own, which records what happened; the tests assert on that.


def _visit(site: Path, report_pages: dict[str, Path]) -> dict:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    seen: dict = {"pages": {}, "blocked": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context()
        guard = NetworkGuard("file:")
        context.route("**/*", guard)
        tab = context.new_page()
        events: dict[str, list] = {"dialogs": [], "errors": []}
        tab.on("dialog", lambda dialog: (events["dialogs"].append(dialog.message), dialog.dismiss()))
        tab.on("pageerror", lambda exc: events["errors"].append(str(exc)))
        tab.on("console", lambda message: events["errors"].append(message.text) if message.type == "error" else None)

        def record(where: str, **extra) -> None:
            seen["pages"][where] = {
                "pwned": tab.evaluate("typeof window.__pwned"),
                "dialogs": list(events["dialogs"]),
                "errors": list(events["errors"]),
                **extra,
            }
            events["dialogs"].clear()
            events["errors"].clear()

        for name, page in sorted(report_pages.items()):
            tab.goto(page.as_uri(), wait_until="load")
            tab.wait_for_timeout(30)  # a meta refresh, an iframe or an onload would have fired by now
            for paragraph in tab.locator("article p").filter(has_text="click me").all():
                try:
                    paragraph.click(timeout=2000)
                except PlaywrightError as exc:  # hidden or covered: itself a sign of injected markup
                    events["errors"].append(f"cannot click the text: {exc.message.splitlines()[0]}")
            record(name, url=tab.url, expected_url=page.as_uri(), text=tab.inner_text("article"))
        for page in (site / "index.html", site / "en" / "index.html"):  # (404 pages are a web server's)
            tab.goto(page.as_uri(), wait_until="load")
            record(page.relative_to(site).as_posix(), text=tab.inner_text("body"))
        tab.click("input.md-search__input")
        tab.keyboard.type("pwned")
        tab.wait_for_function(
            "q => document.querySelector('.archive-search__list').dataset.query === q", arg="pwned", timeout=15000
        )
        titles = tab.eval_on_selector_all(".archive-search__list a h1", "hs => hs.map(h => h.textContent)")
        record("search", titles=titles)
        context.close()
        browser.close()
        seen["blocked"] = guard.blocked
    return seen


@pytest.fixture(scope="module")
def in_chromium(hostile_project, pages_by_seed) -> dict:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_visit, hostile_project / "site", pages_by_seed).result()


def _assert_nothing_ran(state: dict, where: str) -> None:
    assert state["pwned"] == "undefined", f"{where}: a payload ran"
    assert state["dialogs"] == [], f"{where}: dialogs {state['dialogs']}"
    assert state["errors"] == [], f"{where}: errors {state['errors']}"


@pytest.mark.browser
def test_every_hostile_page_runs_nothing_and_shows_the_text(in_chromium):
    assert in_chromium["blocked"] == [], f"requests to other hosts: {in_chromium['blocked']}"
    for name, (_, visible) in hostile_seeds.SEEDS.items():
        state = in_chromium["pages"][name]
        _assert_nothing_ran(state, name)
        assert state["url"] == state["expected_url"], f"{name}: navigated away to {state['url']}"
        for expected in visible:
            assert expected in state["text"], f"{name}: not visible as written: {expected!r}"


@pytest.mark.browser
def test_hostile_titles_in_lists_and_search_run_nothing(in_chromium):
    for where in ("index.html", "en/index.html", "search"):
        _assert_nothing_ran(in_chromium["pages"][where], where)
    assert hostile_seeds.SCRIPT_TAG in in_chromium["pages"]["en/index.html"]["text"]
    titles = in_chromium["pages"]["search"]["titles"]
    assert any(hostile_seeds.SCRIPT_TAG in title for title in titles), titles
    assert any(hostile_seeds.METADATA_TITLE in title for title in titles), titles
