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
from dataclasses import fields
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


def language_links(report: Report, current: str, depth: int) -> str:
    links = []
    for translation in report.translations:
        name = esc(strings.language_name(translation.language))
        if translation.language == current:
            links.append(f"<strong {_lang(translation.language)}>{name}</strong>")
        else:
            href = layout.report_href(report.slug, depth, translation.language)
            links.append(f'<a href="{href}" hreflang="{translation.language}" {_lang(translation.language)}>{name}</a>')
    return ", ".join(links)


def _meta_line(css_class: str, label: str, value_html: str) -> str:
    return f'<p class="{css_class}"><span class="report-label">{esc(label)}</span> {value_html}</p>'


def report_page(report: Report, translation: Translation) -> OutputFile:
    language = translation.language
    content = translation.content
    fields = {
        "title": title_for_html(translation.title),
        "kind": "report",
        "slug": report.slug,
        "language": language,
        "language_confidence": translation.confidence,
        "language_source": translation.language_source,
        "title_source": translation.title_source,
        "date": translation.date,
        "source": content.source_url,
        "byline": content.byline,
        "captions": list(content.captions),
        "seed": translation.src_uri,
        "translations": list(report.languages),
    }
    meta = [f'<div class="report-meta" data-seed="{esc(translation.src_uri)}" data-slug="{report.slug}">']
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
    label = "available_in" if len(report.translations) > 1 else "only_language"
    meta.append(
        _meta_line("report-languages", strings.text(language, label), language_links(report, language, depth=1))
    )
    if len(report.translations) > 1:
        other = next(t.language for t in report.translations if t.language != language)
        meta.append(
            '<p class="report-compare"><a '
            f'href="{layout.compare_href(report.slug, 1)}?left={language}&amp;right={other}">'
            f"{esc(strings.text(language, 'compare'))}</a></p>"
        )
    meta.append("</div>")
    body = [" ".join(meta)] + [render_block(block, language) for block in content.blocks]
    return OutputFile(
        f"{language}/{layout.report_source(report.slug)}", front_matter(fields) + "\n\n".join(body) + "\n"
    )


def missing_page(report: Report, language: str) -> OutputFile:
    """The page a reader lands on when switching to a language the report lacks."""
    language_in_itself = strings.language_name(language, language)
    fields = {
        "title": title_for_html(strings.text(language, "missing_title", language=language_in_itself)),
        "kind": "missing",
        "slug": report.slug,
        "language": language,
        "translations": list(report.languages),
        "search": {"exclude": True},
    }
    items = "".join(
        f'<li><a href="{layout.report_href(report.slug, 1, t.language)}" hreflang="{t.language}">'
        f"<span {_lang(t.language)}>{esc(strings.language_name(t.language))}</span></a>: "
        f"<span {_lang(t.language)}>{esc(t.title)}</span></li>"
        for t in report.translations
    )
    body = (
        f'<p class="report-missing">{esc(strings.text(language, "missing_body", language=language_in_itself))}</p>\n\n'
        f'<ul class="report-missing-list">{items}</ul>\n'
    )
    return OutputFile(f"{language}/{layout.report_source(report.slug)}", front_matter(fields) + body)


def _home_item(report: Report, translation: Translation, depth: int) -> str:
    """One report in a list on a page ``depth`` folders below the language root."""
    language = translation.language
    href = layout.report_href(report.slug, depth)
    parts = [f'<a class="report-list-title" href="{href}">{esc(translation.title)}</a>']
    details = []
    if translation.date:
        details.append(f'<time datetime="{esc(translation.date)}">{esc(translation.date)}</time>')
    if report.source_url:
        details.append(f'<span class="report-list-site">{esc(source_site(report.source_url))}</span>')
    details.append(
        f'<span class="report-list-length">{esc(strings.text(language, "words", count=translation.word_count))}</span>'
    )
    others = [t for t in report.translations if t.language != language]
    if others:
        links = ", ".join(
            f'<a href="{layout.report_href(report.slug, depth, t.language)}" hreflang="{t.language}" '
            f"{_lang(t.language)}>{esc(strings.language_name(t.language))}</a>"
            for t in others
        )
        details.append(
            f'<span class="report-list-languages">{esc(strings.text(language, "available_in"))} {links}</span>'
        )
    parts.append(f'<span class="report-list-details">{" · ".join(details)}</span>')
    return f'<li class="report-list-item">{"".join(parts)}</li>'


def _sort_key(item: tuple[Report, Translation]) -> tuple[int, str, str]:
    report, translation = item
    return (
        -(int(translation.date.replace("-", "")) if translation.date else 0),
        translation.title.casefold(),
        report.slug,
    )


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


def home_pages(
    language: str, reports: list[Report], languages: list[str], memo: Memo | None = None
) -> list[OutputFile]:
    """A language's home: its reports, newest and then alphabetically, in pages.

    Each report's entry is taken from ``memo`` when what it shows is unchanged.
    """
    memo = memo if memo is not None else Memo()

    def item(report: Report, translation: Translation, depth: int) -> str:
        key = (
            "home-item",
            report.slug,
            report.source_url,
            report.languages,
            translation.language,
            translation.title,
            translation.date,
            translation.word_count,
            depth,
        )
        return memo.get_or_compute(key, lambda: _home_item(report, translation, depth))

    language_in_itself = strings.language_name(language, language)
    mine = sorted(((r, r.version(language)) for r in reports if r.translation(language)), key=_sort_key)
    chunks = [mine[i : i + HOME_PAGE_SIZE] for i in range(0, len(mine), HOME_PAGE_SIZE)] or [[]]
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
                f'<ol class="report-list" start="{start}">' + "".join(item(r, t, depth) for r, t in chunk) + "</ol>"
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


def compare_pair(report: Report, language: str) -> tuple[str, str]:
    """The pair a compare page shows first: the page's language if the report has it."""
    codes = list(report.languages)
    left = language if language in codes else codes[0]
    return left, next(code for code in codes if code != left)


def compare_page(report: Report, language: str) -> OutputFile:
    """Two translations side by side; the script fills and switches them.

    Only the report's own languages have one (a language without the report
    has its "not available" page instead, where the switcher leads). The page
    holds its language's interface only; the texts come from the report's
    shared data script (see ``compare.py``), so no other language's edit
    changes it. Without scripts, it links to every version instead.
    """
    left_code, right_code = compare_pair(report, language)
    fields = {
        "title": title_for_html(strings.text(language, "compare_title", title=report.version(language).title)),
        "kind": "compare",
        "slug": report.slug,
        "language": language,
        "translations": list(report.languages),
        "search": {"exclude": True},
        # Two columns of text need the width of the sidebars.
        "hide": ["navigation", "toc"],
    }
    options = "".join(
        f'<option value="{t.language}">{esc(strings.language_name(t.language))}</option>' for t in report.translations
    )
    controls = (
        # Shown by the script, which alone makes them work.
        '<form class="compare-controls" data-compare-controls hidden>'
        f'<label>{esc(strings.text(language, "left"))} <select name="left">{options}</select></label> '
        f'<button type="button" class="md-button compare-swap">{esc(strings.text(language, "swap"))}</button> '
        f'<label>{esc(strings.text(language, "right"))} <select name="right">{options}</select></label>'
        "</form>"
    )
    versions = ", ".join(
        f'<a href="{layout.report_href(report.slug, 1, t.language)}" hreflang="{t.language}" '
        f"{_lang(t.language)}>{esc(strings.language_name(t.language))}</a>"
        for t in report.translations
    )
    table = (
        f'<div class="compare" data-report="{esc(report.slug)}" data-left="{left_code}" data-right="{right_code}"'
        f' data-unmatched="{esc(strings.text(language, "unmatched"))}" '
        f'data-caption="{esc(strings.text(language, "caption"))}">'
        f'<p class="compare-fallback">{esc(strings.text(language, "compare_fallback"))} {versions}</p></div>'
    )
    body = "\n\n".join(
        [
            f'<p class="compare-intro">{esc(strings.text(language, "compare_intro"))}</p>',
            controls,
            table,
            f'<script src="{layout.compare_data_href(report.slug, 1)}"></script>',
        ]
    )
    return OutputFile(f"{language}/{layout.compare_source(report.slug)}", front_matter(fields) + body + "\n")


def site_languages(reports: list[Report]) -> list[str]:
    return sorted({t.language for r in reports for t in r.translations})


def report_files(report: Report, language: str) -> list[OutputFile]:
    """A report's pages in one language tree."""
    translation = report.translation(language)
    if translation is None:
        return [missing_page(report, language)]
    files = [report_page(report, translation)]
    if len(report.translations) > 1:
        files.append(compare_page(report, language))
    return files


# Every field of a version but its content, which is known by its digest.
_VERSION_FIELDS = tuple(f.name for f in fields(Translation) if f.name != "content")


def _report_files_key(report: Report, language: str) -> Hashable:
    """Everything ``report_files`` reads: a language's own version, or all
    of them on its "not available" page."""
    translation = report.translation(language)
    if translation is None:
        return digest_of(("missing", language, report))
    # The cleaned content by its digest when it has one (pickling it is slower).
    content_key = translation.content.digest or digest_of(translation.content)
    return (
        "version",
        report.slug,
        report.source_url,
        report.languages,
        content_key,
        *(getattr(translation, name) for name in _VERSION_FIELDS),
    )


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
        files.extend(
            cached(
                _home_pages_key(language, reports, languages), partial(home_pages, language, reports, languages, memo)
            )
        )
    for report in reports:
        for language in languages:
            files.extend(cached(_report_files_key(report, language), partial(report_files, report, language)))
    return sorted(files, key=lambda f: f.dest_uri)


def _home_pages_key(language: str, reports: list[Report], languages: list[str]) -> str:
    """A digest of everything a language's home pages show."""
    shown = [
        (r.slug, r.source_url, r.languages, t.title, t.date, t.word_count)
        for r in reports
        for t in r.translations
        if t.language == language
    ]
    return digest_of(("home", language, languages, HOME_PAGE_SIZE, shown))
