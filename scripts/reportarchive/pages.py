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
from dataclasses import dataclass, replace
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from . import layout, strings, timing
from .caching.digests import content_digest, digest_of
from .caching.memo import Memo
from .grouping import is_web_url
from .records import Block, OutputFile, Report, Translation


def _lang(code: str) -> str:
    """The language of a piece of text and its direction: a name or title in
    Arabic inside a left-to-right page (and the reverse) is laid out as its own."""
    return f'lang="{code}" dir="{strings.direction(code)}"'


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


def render_source(url: str | None) -> str:
    """A link to the original; a URL that is not http(s) is shown, never linked."""
    if not url:
        return ""
    if is_web_url(url):
        return (
            f'<a class="report-source-link" href="{esc(url)}" rel="noopener noreferrer '
            f'nofollow">{esc(source_site(url))}</a>'
        )
    return f'<code class="report-source-text">{esc(url)}</code>'


def render_block(block: Block, language: str) -> str:
    if block.kind == "caption":
        label = esc(strings.text(language, "caption"))
        return (
            f'<figure class="report-caption" data-line="{block.line}">'
            f'<figcaption><span class="visually-hidden">{label}: </span>{esc(block.text)}</figcaption></figure>'
        )
    return f'<p class="report-paragraph" data-line="{block.line}">{esc(block.text)}</p>'


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
        """The view's digest, its text known by the text's own digest when it has one (pickling it is slower)."""
        own = self.own
        if own is not None and own.content.digest:
            return digest_of((replace(self, own=None), replace(own, content=replace(own.content, blocks=()))))
        return digest_of(self)


def language_links(view: ReportView, depth: int) -> str:
    links = []
    for code in view.languages:
        name = esc(strings.language_name(code))
        if code == view.language:
            links.append(f"<strong {_lang(code)}>{name}</strong>")
        else:
            href = layout.report_href(view.slug, depth, code)
            links.append(f'<a href="{href}" hreflang="{code}" {_lang(code)}>{name}</a>')
    return ", ".join(links)


def _meta_line(css_class: str, label: str, value_html: str) -> str:
    return f'<p class="{css_class}"><span class="report-label">{esc(label)}</span> {value_html}</p>'


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
        "source": content.source_url,
        "byline": content.byline,
        "captions": list(content.captions),
        "seed": translation.src_uri,
        "translations": list(view.languages),
    }
    meta = [f'<div class="report-meta" data-seed="{esc(translation.src_uri)}" data-slug="{view.slug}">']
    if content.source_url:
        meta.append(_meta_line("report-source", strings.text(language, "source"), render_source(content.source_url)))
    if content.byline:
        meta.append(_meta_line("report-byline", strings.text(language, "byline"), esc(content.byline)))
    if translation.date:
        meta.append(
            _meta_line(
                "report-date",
                strings.text(language, "date"),
                f'<time datetime="{esc(translation.date)}">{esc(translation.date)}</time>',
            )
        )
    label = "available_in" if len(view.versions) > 1 else "only_language"
    meta.append(_meta_line("report-languages", strings.text(language, label), language_links(view, depth=1)))
    if len(view.versions) > 1:
        other = next(code for code in view.languages if code != language)
        meta.append(
            '<p class="report-compare"><a '
            f'href="{layout.compare_href(view.slug, 1)}?left={language}&amp;right={other}">'
            f"{esc(strings.text(language, 'compare'))}</a></p>"
        )
    meta.append("</div>")
    body = [" ".join(meta)] + [render_block(block, language) for block in content.blocks]
    return OutputFile(f"{language}/{layout.report_source(view.slug)}", front_matter(fields) + "\n\n".join(body) + "\n")


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
    items = "".join(
        f'<li><a href="{layout.report_href(view.slug, 1, code)}" hreflang="{code}">'
        f"<span {_lang(code)}>{esc(strings.language_name(code))}</span></a>: "
        f"<span {_lang(code)}>{esc(title)}</span></li>"
        for code, title in view.versions
    )
    body = (
        f'<p class="report-missing">{esc(strings.text(language, "missing_body", language=language_in_itself))}</p>\n\n'
        f'<ul class="report-missing-list">{items}</ul>\n'
    )
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
    word_count: int

    def sort_key(self) -> tuple[int, str, str]:
        """Newest first (undated last), then by title."""
        return (-(int(self.date.replace("-", "")) if self.date else 0), self.title.casefold(), self.slug)


@dataclass(frozen=True)
class HomeView:
    """All that a language's home pages show: the digest is their cache key."""

    language: str
    languages: tuple[str, ...]  # every language of the site
    entries: tuple[HomeEntry, ...]  # in the order listed

    @classmethod
    def of(cls, language: str, reports: list[Report], languages: list[str]) -> HomeView:
        entries = [
            HomeEntry(r.slug, r.source_url, r.languages, t.language, t.title, t.date, t.word_count)
            for r in reports
            for t in r.translations
            if t.language == language
        ]
        return cls(language, tuple(languages), tuple(sorted(entries, key=HomeEntry.sort_key)))


def _home_item(entry: HomeEntry, depth: int) -> str:
    """One report in a list on a page ``depth`` folders below the language root."""
    language = entry.language
    href = layout.report_href(entry.slug, depth)
    parts = [f'<a class="report-list-title" href="{href}">{esc(entry.title)}</a>']
    details = []
    if entry.date:
        details.append(f'<time datetime="{esc(entry.date)}">{esc(entry.date)}</time>')
    if entry.source_url:
        details.append(f'<span class="report-list-site">{esc(source_site(entry.source_url))}</span>')
    details.append(
        f'<span class="report-list-length">{esc(strings.text(language, "words", count=entry.word_count))}</span>'
    )
    others = [code for code in entry.languages if code != language]
    if others:
        links = ", ".join(
            f'<a href="{layout.report_href(entry.slug, depth, code)}" hreflang="{code}" '
            f"{_lang(code)}>{esc(strings.language_name(code))}</a>"
            for code in others
        )
        details.append(
            f'<span class="report-list-languages">{esc(strings.text(language, "available_in"))} {links}</span>'
        )
    parts.append(f'<span class="report-list-details">{" · ".join(details)}</span>')
    return f'<li class="report-list-item">{"".join(parts)}</li>'


HOME_PAGE_SIZE = 100  # reports per page of a language home


def _page_links(language: str, count: int, current: int, depth: int) -> str:
    """Links to every page of the list, so any report is two clicks from the home."""
    if count < 2:
        return ""
    items = []
    for number in range(1, count + 1):
        if number == current:
            items.append(f'<strong aria-current="page">{number}</strong>')
        else:
            items.append(f'<a href="{layout.page_href(number, depth)}">{number}</a>')
    label = esc(strings.text(language, "pages"))
    return (
        f'<nav class="report-pages" aria-label="{label}"><span class="report-label">{label}</span> '
        f"{' '.join(items)}</nav>"
    )


def _home_footer(language: str, languages: list[str], depth: int) -> list[str]:
    """The downloads and the links to the other languages' homes."""
    footer = [
        f'<p class="report-downloads"><span class="report-label">{esc(strings.text(language, "downloads"))}</span> '
        f'<a href="{layout.export_href("archive.tmx", depth)}" download>{esc(strings.text(language, "tmx"))}</a> · '
        f'<a href="{layout.export_href("archive.json", depth)}" download>{esc(strings.text(language, "json"))}</a></p>'
    ]
    others = [code for code in languages if code != language]
    if others:
        links = " · ".join(
            f'<a href="{layout.home_href(code, depth)}" hreflang="{code}" '
            f"{_lang(code)}>{esc(strings.language_name(code))}</a>"
            for code in others
        )
        footer.append(
            '<p class="report-other-languages"><span '
            f'class="report-label">{esc(strings.text(language, "other_languages"))}</span> {links}</p>'
        )
    return footer


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
        pager = _page_links(language, len(chunks), number, depth)
        intro = strings.text(language, "home_intro", count=len(mine), language=language_in_itself)
        body = [f'<p class="report-list-intro">{esc(intro)}</p>']
        if chunk:
            start = (number - 1) * HOME_PAGE_SIZE + 1
            body.append(
                f'<ol class="report-list" start="{start}">' + "".join(item(entry, depth) for entry in chunk) + "</ol>"
            )
        else:
            body.append(f"<p>{esc(strings.text(language, 'no_reports'))}</p>")
        if pager:
            body.append(pager)
        body.extend(_home_footer(language, languages, depth))
        files.append(
            OutputFile(f"{language}/{layout.home_source(number)}", front_matter(fields) + "\n\n".join(body) + "\n")
        )
    return files


def compare_pair(languages: tuple[str, ...], language: str) -> tuple[str, str]:
    """The pair a compare page shows first: the page's language if the report has it."""
    codes = list(languages)
    left = language if language in codes else codes[0]
    return left, next(code for code in codes if code != left)


def compare_page(view: ReportView, translation: Translation) -> OutputFile:
    """Two translations side by side; the script fills and switches them.

    Only the report's own languages have one (a language without the report
    has its "not available" page instead, where the switcher leads). The page
    holds its language's interface only; the texts come from the report's
    shared data script (see ``compare.py``), so no other language's edit
    changes it. Without scripts, it links to every version instead.
    """
    language = translation.language
    left_code, right_code = compare_pair(view.languages, language)
    fields = {
        "title": title_for_html(strings.text(language, "compare_title", title=translation.title)),
        "kind": "compare",
        "slug": view.slug,
        "language": language,
        "translations": list(view.languages),
        "search": {"exclude": True},
        # Two columns of text need the width of the sidebars.
        "hide": ["navigation", "toc"],
    }
    options = "".join(f'<option value="{code}">{esc(strings.language_name(code))}</option>' for code in view.languages)
    controls = (
        # Shown by the script, which alone makes them work.
        '<form class="compare-controls" data-compare-controls hidden>'
        f'<label>{esc(strings.text(language, "left"))} <select name="left">{options}</select></label> '
        f'<button type="button" class="md-button compare-swap">{esc(strings.text(language, "swap"))}</button> '
        f'<label>{esc(strings.text(language, "right"))} <select name="right">{options}</select></label>'
        "</form>"
    )
    versions = ", ".join(
        f'<a href="{layout.report_href(view.slug, 1, code)}" hreflang="{code}" '
        f"{_lang(code)}>{esc(strings.language_name(code))}</a>"
        for code in view.languages
    )
    table = (
        f'<div class="compare" data-report="{esc(view.slug)}" data-left="{left_code}" data-right="{right_code}"'
        f' data-unmatched="{esc(strings.text(language, "unmatched"))}" '
        f'data-caption="{esc(strings.text(language, "caption"))}">'
        f'<p class="compare-fallback">{esc(strings.text(language, "compare_fallback"))} {versions}</p></div>'
    )
    body = "\n\n".join(
        [
            f'<p class="compare-intro">{esc(strings.text(language, "compare_intro"))}</p>',
            controls,
            table,
            f'<script src="{layout.compare_data_href(view.slug, 1)}"></script>',
        ]
    )
    return OutputFile(f"{language}/{layout.compare_source(view.slug)}", front_matter(fields) + body + "\n")


def site_languages(reports: list[Report]) -> list[str]:
    return sorted({t.language for r in reports for t in r.translations})


def report_files(view: ReportView) -> list[OutputFile]:
    """A report's pages in one language tree."""
    if view.own is None:
        return [missing_page(view)]
    files = [report_page(view, view.own)]
    if len(view.versions) > 1:
        files.append(compare_page(view, view.own))
    return files


@timing.stage("pages")
def generate(
    reports: list[Report], memo: Memo | None = None, stored: Callable[[str], bool] | None = None
) -> list[OutputFile]:
    """Every page of every language tree, sorted by path.

    A report's pages whose inputs are unchanged are taken from ``memo`` by
    the digest of their content, as long as the store of generated files has
    it (``stored``); without a store, every page is rendered.
    """
    memo = memo if memo is not None else Memo()
    languages = site_languages(reports)

    def cached(key: Hashable, render: Callable[[], list[OutputFile]]) -> list[OutputFile]:
        known = memo.get(key) if stored is not None else None
        if known is not None and stored is not None and all(stored(digest) for _, digest in known):
            return [OutputFile(uri, None, digest) for uri, digest in known]
        rendered = [
            OutputFile(f.dest_uri, f.content, content_digest((f.content or "").encode("utf-8"))) for f in render()
        ]
        memo.put(key, [(f.dest_uri, f.digest) for f in rendered])
        return rendered

    files = []
    for language in languages:
        home = HomeView.of(language, reports, languages)
        files.extend(cached(("home", digest_of(home)), partial(home_pages, home, memo)))
    for report in reports:
        for language in languages:
            view = ReportView.of(report, language)
            files.extend(cached(("report", view.key()), partial(report_files, view)))
    return sorted(files, key=lambda f: f.dest_uri)
