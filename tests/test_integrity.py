"""Integrity of the whole built site: no broken internal link or anchor
(from disk and hosted under a sub-path), and no serious accessibility
violation (axe-core, from npm) on the pages a reader meets."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

from browserkit import SiteServer, compare_addresses
from htmltext import parse

pytestmark = pytest.mark.site
AXE = Path(__file__).resolve().parents[1] / "scripts" / "vendor" / "node_modules" / "axe-core" / "axe.min.js"


def _internal(link: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I) and not link.startswith("//")


def test_no_broken_link_or_anchor_from_disk(built_site):
    pages = {p: parse(p.read_text(encoding="utf-8")) for p in built_site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for link in parsed.references:
            if not _internal(link):
                continue
            target, fragment = urldefrag(link)
            path = urlsplit(target).path
            resolved = (page.parent / unquote(path)).resolve() if path else page
            if not resolved.is_file():
                broken.append(f"{page.relative_to(built_site)} -> {link}")
            elif fragment and resolved.suffix == ".html" and fragment not in pages[resolved].ids:
                broken.append(f"{page.relative_to(built_site)} -> {link} (no such anchor)")
    assert broken == []
    assert len(pages) >= 20


def test_no_broken_link_when_hosted_under_a_sub_path(built_site):
    with SiteServer(built_site, "/archive/") as server:
        queue, seen, broken, ids = deque([server.base + "index.html"]), set(), [], {}
        referrers: dict[str, str] = {}
        while queue:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            try:
                with urllib.request.urlopen(url) as response:
                    body = response.read()
                    kind = response.headers.get_content_type()
            except urllib.error.HTTPError as error:
                broken.append(f"{referrers.get(url)} -> {url} ({error.code})")
                continue
            if kind != "text/html":
                continue
            parsed = parse(body.decode("utf-8"))
            ids[url] = parsed.ids
            for link in parsed.references:
                if _internal(link):
                    absolute, _ = urldefrag(urljoin(url, link))
                    absolute = absolute.split("?", 1)[0]
                    referrers.setdefault(absolute, url)
                    queue.append(absolute)
    assert broken == []
    assert any(u.endswith("/uk/reports/" + Path(u).name) for u in seen)
    assert len([u for u in seen if u.endswith(".html")]) >= 20


@pytest.fixture(scope="module")
def axe_browser(browser):
    if not AXE.is_file():
        pytest.fail("axe-core missing: run `npm ci --prefix scripts/vendor` (make test does)")
    return browser


def _page_of_kind(site: Path, language: str, kind: str) -> str:
    """The address of a page of ``kind`` in ``language``, from disk."""
    if kind == "home":
        return (site / language / "index.html").as_uri()
    if kind == "404":
        return (site / language / "404.html").as_uri()
    if kind == "compare":  # drawn by its script: with the report in the address
        return site.as_uri() + "/" + compare_addresses(site, [language])[0]
    for page in sorted((site / language / "reports").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        if (kind == "missing") == ('content="noindex"' in html):
            return page.as_uri()
    raise AssertionError(f"no {kind} page in {language}")


def _serious_violations(browser, address: str, scheme: str) -> list[str]:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(address)
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    context.close()
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "language,kind",
    [
        ("fr", "home"),
        ("fr", "report"),
        ("fr", "missing"),
        ("fr", "compare"),
        ("fr", "404"),
        ("uk", "home"),
        ("uk", "report"),
        ("uk", "missing"),
        ("de", "compare"),
        ("pt", "report"),
    ],
)
def test_no_serious_accessibility_violation(axe_browser, built_site, language, kind, scheme):
    """axe-core in the reader's colour scheme: Material follows the system's
    (light or dark) unless the reader picks one."""
    assert _serious_violations(axe_browser, _page_of_kind(built_site, language, kind), scheme) == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["index.html", "404.html"])
def test_the_root_pages_are_accessible(axe_browser, built_site, name, scheme):
    assert _serious_violations(axe_browser, (built_site / name).as_uri(), scheme) == []
