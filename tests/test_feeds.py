"""The Atom feed of each language (feeds.py), read by a real feed client:
the ``feedparser`` package."""

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from lxml import html

from conftest import HOSTED_SITE_URL
from reportarchive import feeds, layout
from reportarchive.records import Block, CleanedSeed, Report, Translation


def _report(n: int, language: str = "fr", byline: str | None = None, title: str | None = None) -> Report:
    text = f"Paragraphe {n} " + "mot " * 120
    content = CleanedSeed(f"{n}.txt", (Block("paragraph", text.strip(), 1),), "https://example.org/a", byline=byline)
    translation = Translation(
        f"{n}.txt",
        language,
        1.0,
        "detected",
        content,
        title=title or f"Rapport {n}",
        date=f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
    )
    return Report(f"rapport-{n}", "https://example.org/a", (replace(translation, date_source="added"),))


def _parsed(document: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(document.encode("utf-8"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_a_feed_lists_the_newest_reports_of_its_language_with_what_a_reader_shows():
    reports = [_report(n, byline="MINH MANH" if n % 2 else None) for n in range(70)] + [_report(99, language="de")]
    parsed = _parsed(feeds.feed(reports, "fr", "https://archive.example.org/"))
    entries = parsed.entries
    assert len(entries) == feeds.FEED_SIZE
    published = [entry.published_parsed for entry in entries]
    assert published == sorted(published, reverse=True)
    assert parsed.feed.language == "fr" and parsed.feed.title == "Rapports en français · Archive des rapports"
    assert parsed.feed.updated_parsed == published[0]
    self_link = next(link.href for link in parsed.feed.links if link.rel == "self")
    assert self_link == "https://archive.example.org/fr/feed.xml"
    assert len({entry.id for entry in entries}) == len(entries)
    for entry in entries:
        n = int(entry.title.split()[-1])
        assert entry.link == f"https://archive.example.org/fr/reports/rapport-{n}.html"
        assert entry.author == ("MINH MANH" if n % 2 else "Archive des rapports")
        assert entry.summary.startswith(f"Paragraphe {n} mot") and entry.summary.endswith("…")
        assert len(entry.summary) <= feeds.SUMMARY_CHARS + 1
        assert entry.title_detail.language == entry.summary_detail.language == "fr"  # xml:lang


def test_without_a_site_url_the_links_are_relative_to_the_feed():
    parsed = _parsed(feeds.feed([_report(1)], "fr", None))
    (entry,) = parsed.entries
    assert entry.link == "reports/rapport-1.html"
    base = "https://mirror.example.net/archive/fr/feed.xml"
    assert urljoin(base, entry.link) == "https://mirror.example.net/archive/fr/reports/rapport-1.html"


def test_text_that_looks_like_markup_or_holds_control_characters_is_text_in_the_feed():
    title = 'Un <script>alert("x")</script> & co\x07'
    parsed = _parsed(feeds.feed([_report(1, title=title, byline="<b>A</b> & B")], "fr", None))
    (entry,) = parsed.entries
    assert entry.title == title.replace("\x07", "")
    assert entry.author == "<b>A</b> & B"


def test_an_empty_language_still_has_a_valid_feed():
    parsed = _parsed(feeds.feed([], "fr", None))
    assert parsed.entries == []


# ------------------------------------------------------------------ the built site


def _language_folders(site: Path) -> list[Path]:
    return sorted(p for p in site.iterdir() if p.is_dir() and layout.LANGUAGE_DIR.match(p.name))


def _feed_links(page: Path) -> list[str]:
    tree = html.fromstring(page.read_bytes())
    return tree.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]/@href')


@pytest.mark.site
def test_every_language_has_a_feed_whose_entries_are_pages_of_the_site(built_site):
    for folder in _language_folders(built_site):
        parsed = _parsed((folder / layout.FEED_FILE).read_text(encoding="utf-8"))
        assert parsed.feed.language == folder.name
        reports = list((folder / layout.REPORTS_DIR).glob("*.html"))
        shown = [page for page in reports if 'class="report-meta"' in page.read_text(encoding="utf-8")]
        assert len(parsed.entries) == min(len(shown), feeds.FEED_SIZE) > 0
        for entry in parsed.entries:
            assert (folder / entry.link).is_file(), entry.link
            assert entry.published_parsed is not None


@pytest.mark.site
def test_every_page_of_a_language_names_its_feed_and_its_home_links_to_it(built_site):
    for folder in _language_folders(built_site):
        for page in [folder / "index.html", *sorted((folder / layout.REPORTS_DIR).glob("*.html"))[:5]]:
            (href,) = _feed_links(page)
            assert (page.parent / href).resolve() == (folder / layout.FEED_FILE).resolve(), page
        home = (folder / "index.html").read_text(encoding="utf-8")
        assert re.search(rf'<p class="report-feed"><a href="{layout.FEED_FILE}" type="application/atom\+xml">', home)


@pytest.mark.site
def test_with_a_site_url_every_link_of_a_feed_is_absolute_and_lands_on_a_page(hosted_site):
    root = HOSTED_SITE_URL.rstrip("/") + "/"
    for folder in _language_folders(hosted_site):
        parsed = _parsed((folder / layout.FEED_FILE).read_text(encoding="utf-8"))
        links = [entry.link for entry in parsed.entries] + [link.href for link in parsed.feed.links]
        for link in links:
            assert link.startswith(root), link
            assert (hosted_site / link.removeprefix(root)).is_file(), link
        (href,) = _feed_links(folder / "index.html")
        assert href == f"{root}{folder.name}/{layout.FEED_FILE}"


@pytest.mark.site
def test_the_build_says_that_published_feeds_need_a_site_url(built_site_output, hosted_site_output):
    assert "Atom feeds' links are relative" in built_site_output
    assert "Atom feeds' links are relative" not in hosted_site_output


ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def _rfc4287_problems(document: bytes) -> list[str]:
    """What the W3C feed validator checks of RFC 4287's rules that needs no network."""
    from lxml import etree

    root = etree.fromstring(document)
    problems = []
    if root.tag != f"{ATOM}feed":
        return [f"root is {root.tag}"]

    def once(element, name: str, where: str) -> None:
        found = element.findall(f"{ATOM}{name}")
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} {name}")
        elif name == "updated" and not RFC3339.fullmatch(found[0].text or ""):
            problems.append(f"{where}: updated {found[0].text!r} is not RFC 3339")

    for name in ("id", "title", "updated"):
        once(root, name, "feed")
    if not any(link.get("rel") == "self" for link in root.findall(f"{ATOM}link")):
        problems.append("feed: no rel=self link")
    feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    ids = [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]
    if len(set(ids)) != len(ids):
        problems.append("entries share an id")
    for number, entry in enumerate(root.findall(f"{ATOM}entry")):
        where = f"entry {number}"
        for name in ("id", "title", "updated"):
            once(entry, name, where)
        if not (feed_author or entry.find(f"{ATOM}author/{ATOM}name") is not None):
            problems.append(f"{where}: no author")
        alternates = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        if len(alternates) != 1 or not alternates[0].get("href"):
            problems.append(f"{where}: {len(alternates)} alternate links")
        if entry.find(f"{ATOM}content") is None and entry.find(f"{ATOM}summary") is None:
            problems.append(f"{where}: neither content nor summary")
        published = entry.findtext(f"{ATOM}published")
        if published is not None and not RFC3339.fullmatch(published):
            problems.append(f"{where}: published {published!r} is not RFC 3339")
        if not (entry.findtext(f"{ATOM}id") or "").startswith(("urn:uuid:", "http://", "https://", "tag:")):
            problems.append(f"{where}: id is not an IRI the validator accepts")
    return problems


def test_the_rule_checker_finds_what_breaks_the_rules():
    good = feeds.feed([_report(1), _report(2)], "fr", None)
    assert _rfc4287_problems(good.encode()) == []
    broken = good.replace("<updated>2024-03-03T00:00:00Z</updated>", "<updated>2024-03-03</updated>", 1)
    broken = broken.replace('<link rel="self" type="application/atom+xml" href="feed.xml"/>', "")
    assert len(_rfc4287_problems(broken.encode())) == 2


@pytest.mark.site
def test_every_feed_keeps_the_rules_of_rfc_4287(built_site, hosted_site):
    for site in (built_site, hosted_site):
        for folder in _language_folders(site):
            assert _rfc4287_problems((folder / layout.FEED_FILE).read_bytes()) == [], folder
