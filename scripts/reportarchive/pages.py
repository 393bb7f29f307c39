"""Generating the Markdown pages of every language tree.

Every page is Markdown with YAML front matter whose body is HTML built here,
with every piece of seed text escaped: Python-Markdown passes block-level
HTML through untouched, so nothing in a seed can become markup, and nothing
is lost to Markdown syntax (indents, ``#``, ``*``, ``|``, …).

Every language tree has the same set of paths: a report that does not exist
in a language gets a page there saying so. The language switcher can then
link to the same path in every language and never lands on a dead link.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import dates, layout, progress, strings, timing
from .caching.digests import content_digest, digest_of
from .caching.memo import Memo
from .grouping import is_web_url
from .records import OutputFile, Report, Translation

# Page bodies are Jinja templates (templates/pages/), escaped by default.
_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates") / "pages"),
    autoescape=True,
    undefined=StrictUndefined,
)
_TEMPLATES.globals.update(
    name=strings.language_name,
    direction=strings.direction,
    report_href=layout.report_href,
    compare_href=layout.compare_href,
    compare_data_href=layout.compare_data_href,
    text_page_href=layout.text_page_href,
    page_href=layout.page_href,
    home_href=layout.home_href,
    export_href=layout.export_href,
    feed_href=layout.feed_href,
    date_text=strings.date,
)


def render(template: str, language: str, **context: object) -> str:
    """The body ``template`` makes of ``context``, with ``t(key, …)`` giving
    the interface string ``key`` in ``language``."""
    html = _TEMPLATES.get_template(template).render(language=language, t=partial(strings.text, language), **context)
    # Jinja's escaping writes ' and " as &#39; and &#34;; the pages write them ' and &quot;
    # (every attribute is double-quoted), as they always have.
    return html.replace("&#39;", "'").replace("&#34;", "&quot;")


def esc(value: str) -> str:
    """Escape text for HTML content and double-quoted attributes.

    Only ``&<>"`` are escaped (every attribute here is double-quoted), so
    apostrophes stay readable in the generated Markdown.
    """
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# The theme prints page titles unescaped (MkDocs' Jinja has no autoescape), so
# the front matter carries them already escaped.
title_for_html = esc


def front_matter(fields: dict[str, Any]) -> str:
    """YAML front matter, each value written as JSON (which YAML reads as is).

    Four times faster than a YAML dump, and just as exact: JSON strings are
    YAML double-quoted scalars.
    """
    lines = [f"{key}: {_yaml_json(value)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


# Characters a YAML reader refuses or reads as line breaks: written as \u escapes.
_YAML_UNSAFE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _yaml_json(value: object) -> str:
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def source_site(url: str | None) -> str:
    if not url:
        return ""
    return (urlsplit(url).hostname or "").removeprefix("www.") if is_web_url(url) else url


@dataclass(frozen=True)
class ReportView:
    """All that a report's pages in one language show, and nothing more:
    the digest of the view is their cache key, so a key cannot miss a field."""

    slug: str
    language: str
    versions: tuple[tuple[str, str], ...]  # (language, title) of every version, in the report's order
    own: Translation | None  # the version in this language, with its text; None: "not available" here

    @classmethod
    def of(cls, report: Report, language: str) -> ReportView:
        versions = tuple((t.language, t.title) for t in report.translations)
        return cls(report.slug, language, versions, report.translation(language))

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.versions)

    def key(self) -> str:
        """The view's digest (its text known by the cleaned seed's digest, ``digest_of``)."""
        return digest_of(self)


def report_page(view: ReportView, translation: Translation) -> OutputFile:
    language = translation.language
    content = translation.content
    fields = {
        "title": title_for_html(translation.title),
        "kind": "report",
        "slug": view.slug,
        "language": language,
        "language_confidence": translation.confidence,
        "language_source": translation.language_source,
        "title_source": translation.title_source,
        "date": translation.date,
        "date_source": translation.date_source,
        "source": content.source_url,
        "byline": content.byline,
        "captions": list(content.captions),
        "seed": translation.src_uri,
        "translations": list(view.languages),
    }
    url = content.source_url
    others = [code for code in view.languages if code != language]
    body = render(
        "report.html",
        language,
        view=view,
        own=translation,
        source_is_web=bool(url) and is_web_url(url or ""),
        source_site=source_site(url),
        other=others[0] if others else None,
    )
    return OutputFile(f"{language}/{layout.report_source(view.slug)}", front_matter(fields) + body)


def missing_page(view: ReportView) -> OutputFile:
    """The page a reader lands on when switching to a language the report lacks."""
    language = view.language
    language_in_itself = strings.language_name(language, language)
    fields = {
        "title": title_for_html(strings.text(language, "missing_title", language=language_in_itself)),
        "kind": "missing",
        "slug": view.slug,
        "language": language,
        "translations": list(view.languages),
        "search": {"exclude": True},
    }
    body = render("missing.html", language, view=view)
    return OutputFile(f"{language}/{layout.report_source(view.slug)}", front_matter(fields) + body)


@dataclass(frozen=True)
class HomeEntry:
    """A report as a language's home lists it."""

    slug: str
    source_url: str | None
    languages: tuple[str, ...]
    language: str
    title: str
    date: str | None
    date_source: str
    word_count: int

    def sort_key(self) -> tuple[int, str, str]:
        return dates.newest_first(self.date, self.title, self.slug)


@dataclass(frozen=True)
class HomeView:
    """All that a language's home pages show: the digest is their cache key."""

    language: str
    languages: tuple[str, ...]  # every language of the site
    entries: tuple[HomeEntry, ...]  # in the order listed

    @classmethod
    def of(cls, language: str, reports: list[Report], languages: list[str]) -> HomeView:
        entries = [
            HomeEntry(r.slug, r.source_url, r.languages, t.language, t.title, t.date, t.date_source, t.word_count)
            for r in reports
            for t in r.translations
            if t.language == language
        ]
        return cls(language, tuple(languages), tuple(sorted(entries, key=HomeEntry.sort_key)))


def _home_item(entry: HomeEntry, depth: int) -> str:
    """One report in a list on a page ``depth`` folders below the language root."""
    return render("home_item.html", entry.language, entry=entry, depth=depth, source_site=source_site(entry.source_url))


HOME_PAGE_SIZE = 100  # reports per page of a language home


def home_pages(view: HomeView, memo: Memo | None = None) -> list[OutputFile]:
    """A language's home: its reports, newest and then alphabetically, in pages.

    Each report's entry is taken from ``memo`` when what it shows is unchanged.
    """
    memo = memo if memo is not None else Memo()

    def item(entry: HomeEntry, depth: int) -> str:
        return memo.get_or_compute(("home-item", entry, depth), partial(_home_item, entry, depth))

    language, languages, mine = view.language, list(view.languages), view.entries
    language_in_itself = strings.language_name(language, language)
    chunks = [mine[i : i + HOME_PAGE_SIZE] for i in range(0, len(mine), HOME_PAGE_SIZE)] or [()]
    files = []
    for number, chunk in enumerate(chunks, start=1):
        depth = 0 if number == 1 else 1  # pages/<n>.html are a folder down
        title = strings.text(language, "home_title", language=language_in_itself)
        fields = {
            "title": title_for_html(title if number == 1 else f"{title} ({number}/{len(chunks)})"),
            "kind": "home",
            "language": language,
            # Only the first page has a counterpart in every language.
            "translations": languages if number == 1 else [],
        }
        body = render(
            "home.html",
            language,
            intro=strings.text(language, "home_intro", count=len(mine), language=language_in_itself),
            items=[Markup(item(entry, depth)) for entry in chunk],
            start=(number - 1) * HOME_PAGE_SIZE + 1,
            number=number,
            count=len(chunks),
            depth=depth,
            languages=languages,
        )
        files.append(OutputFile(f"{language}/{layout.home_source(number)}", front_matter(fields) + body))
    return files


def compare_pair(languages: tuple[str, ...], language: str) -> tuple[str, str]:
    """The pair a compare view shows first: the page's language if the report has it."""
    codes = list(languages)
    left = language if language in codes else codes[0]
    return left, next(code for code in codes if code != left)


def compare_page(language: str) -> OutputFile:
    """The compare view of a language: two translations of a report side by side.

    One page per language, whatever the number of reports: the report is
    named in the address, and the script loads its shared data (see
    ``compare.py``), fills the columns and titles the page. A page per report
    held nothing but the interface, at the weight of a report page each.
    Without scripts, it says so and leads to the language home.
    """
    fields = {
        "title": title_for_html(strings.text(language, "compare")),
        "kind": "compare",
        "language": language,
        "search": {"exclude": True},
        # Two columns of text need the width of the sidebars.
        "hide": ["navigation", "toc"],
    }
    home = strings.text(language, "home_title", language=strings.language_name(language, language))
    body = render("compare.html", language, home=home, slug_pattern=layout.SLUG_PATTERN)
    return OutputFile(f"{language}/{layout.compare_source()}", front_matter(fields) + body)


def site_languages(reports: list[Report]) -> list[str]:
    return sorted({t.language for r in reports for t in r.translations})


def report_files(view: ReportView) -> list[OutputFile]:
    """A report's pages in one language tree."""
    if view.own is None:
        return [missing_page(view)]
    return [report_page(view, view.own)]


@timing.stage("pages")
def generate(
    reports: list[Report],
    memo: Memo | None = None,
    stored: Callable[[str], bool] | None = None,
    keep: Callable[[bytes, str], object] | None = None,
) -> list[OutputFile]:
    """Every page of every language tree, sorted by path.

    A report's pages whose inputs are unchanged are taken from ``memo`` by
    the digest of their content, as long as the store of generated files has
    it (``stored``); without a store, every page is rendered. A page rendered
    is handed to ``keep(content, digest)`` (the store) when given, and only
    its digest kept: an archive's pages are not held in memory until written.
    """
    memo = memo if memo is not None else Memo()
    languages = site_languages(reports)

    def cached(key: Hashable, render: Callable[[], list[OutputFile]]) -> list[OutputFile]:
        known = memo.get(key) if stored is not None else None
        if known is not None and stored is not None and all(stored(digest) for _, digest in known):
            return [OutputFile(uri, None, digest) for uri, digest in known]
        rendered = []
        for page in render():
            data = (page.content or "").encode("utf-8")
            digest = content_digest(data)
            if keep is not None:
                keep(data, digest)
            rendered.append(OutputFile(page.dest_uri, None if keep is not None else page.content, digest))
        memo.put(key, [(f.dest_uri, f.digest) for f in rendered])
        return rendered

    files = [compare_page(language) for language in languages]
    for language in languages:
        home = HomeView.of(language, reports, languages)
        files.extend(cached(("home", digest_of(home)), partial(home_pages, home, memo)))
    with progress.phase("pages", len(reports), "report") as advance:
        for report in reports:
            for language in languages:
                view = ReportView.of(report, language)
                files.extend(cached(("report", view.key()), partial(report_files, view)))
            advance()
    return sorted(files, key=lambda f: f.dest_uri)
