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

from urllib.parse import urlsplit

import yaml

from . import strings
from .grouping import is_web_url
from .records import Block, OutputFile, Report, Translation

REPORTS_DIR = "reports"


def esc(value: str) -> str:
    """Escape text for HTML content and double-quoted attributes.

    Only ``&<>"`` are escaped (every attribute here is double-quoted), so
    apostrophes stay readable in the generated Markdown.
    """
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# The theme prints page titles unescaped (MkDocs' Jinja has no autoescape), so
# the front matter carries them already escaped.
title_for_html = esc


def front_matter(fields: dict) -> str:
    dumped = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{dumped}---\n\n"


def report_path(slug: str) -> str:
    return f"{REPORTS_DIR}/{slug}.md"


def _report_href(language: str, slug: str, depth: int) -> str:
    """Relative link from a page ``depth`` folders below a language root."""
    return "../" * (depth + 1) + f"{language}/{REPORTS_DIR}/{slug}.html"


def source_site(url: str | None) -> str:
    if not url:
        return ""
    return (urlsplit(url).hostname or "").removeprefix("www.") if is_web_url(url) else url


def render_source(url: str | None) -> str:
    """A link to the original; a URL that is not http(s) is shown, never linked."""
    if not url:
        return ""
    if is_web_url(url):
        return f'<a class="report-source-link" href="{esc(url)}" rel="noopener noreferrer nofollow">{esc(source_site(url))}</a>'
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
            links.append(f'<strong lang="{translation.language}">{name}</strong>')
        else:
            href = _report_href(translation.language, report.slug, depth)
            links.append(f'<a href="{href}" hreflang="{translation.language}" lang="{translation.language}">{name}</a>')
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
        meta.append(_meta_line("report-date", strings.text(language, "date"), f'<time datetime="{esc(translation.date)}">{esc(translation.date)}</time>'))
    label = "available_in" if len(report.translations) > 1 else "only_language"
    meta.append(_meta_line("report-languages", strings.text(language, label), language_links(report, language, depth=1)))
    meta.append("</div>")
    body = [" ".join(meta)] + [render_block(block, language) for block in content.blocks]
    return OutputFile(f"{language}/{report_path(report.slug)}", front_matter(fields) + "\n\n".join(body) + "\n")


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
        f'<li><a href="{_report_href(t.language, report.slug, 1)}" hreflang="{t.language}">'
        f'<span lang="{t.language}">{esc(strings.language_name(t.language))}</span></a>: '
        f'<span lang="{t.language}">{esc(t.title)}</span></li>'
        for t in report.translations
    )
    body = (
        f'<p class="report-missing">{esc(strings.text(language, "missing_body", language=language_in_itself))}</p>\n\n'
        f'<ul class="report-missing-list">{items}</ul>\n'
    )
    return OutputFile(f"{language}/{report_path(report.slug)}", front_matter(fields) + body)


def _home_item(report: Report, translation: Translation) -> str:
    language = translation.language
    parts = [f'<a class="report-list-title" href="{REPORTS_DIR}/{report.slug}.html">{esc(translation.title)}</a>']
    details = []
    if translation.date:
        details.append(f'<time datetime="{esc(translation.date)}">{esc(translation.date)}</time>')
    if report.source_url:
        details.append(f'<span class="report-list-site">{esc(source_site(report.source_url))}</span>')
    details.append(f'<span class="report-list-length">{esc(strings.text(language, "words", count=translation.word_count))}</span>')
    others = [t for t in report.translations if t.language != language]
    if others:
        links = ", ".join(
            f'<a href="../{t.language}/{REPORTS_DIR}/{report.slug}.html" hreflang="{t.language}" lang="{t.language}">{esc(strings.language_name(t.language))}</a>'
            for t in others
        )
        details.append(f'<span class="report-list-languages">{esc(strings.text(language, "available_in"))} {links}</span>')
    parts.append(f'<span class="report-list-details">{" · ".join(details)}</span>')
    return f'<li class="report-list-item">{"".join(parts)}</li>'


def _sort_key(item: tuple[Report, Translation]) -> tuple:
    report, translation = item
    return (-(int(translation.date.replace("-", "")) if translation.date else 0), translation.title.casefold(), report.slug)


def home_page(language: str, reports: list[Report], languages: list[str]) -> OutputFile:
    language_in_itself = strings.language_name(language, language)
    mine = sorted(((r, r.translation(language)) for r in reports if r.translation(language)), key=_sort_key)
    fields = {
        "title": title_for_html(strings.text(language, "home_title", language=language_in_itself)),
        "kind": "home",
        "language": language,
        "translations": languages,
    }
    body = [f'<p class="report-list-intro">{esc(strings.text(language, "home_intro", count=len(mine), language=language_in_itself))}</p>']
    if mine:
        body.append('<ol class="report-list">' + "".join(_home_item(r, t) for r, t in mine) + "</ol>")
    else:
        body.append(f"<p>{esc(strings.text(language, 'no_reports'))}</p>")
    others = [code for code in languages if code != language]
    if others:
        links = " · ".join(
            f'<a href="../{code}/index.html" hreflang="{code}" lang="{code}">{esc(strings.language_name(code))}</a>' for code in others
        )
        body.append(f'<p class="report-other-languages"><span class="report-label">{esc(strings.text(language, "other_languages"))}</span> {links}</p>')
    return OutputFile(f"{language}/index.md", front_matter(fields) + "\n\n".join(body) + "\n")


def site_languages(reports: list[Report]) -> list[str]:
    return sorted({t.language for r in reports for t in r.translations})


def generate(reports: list[Report]) -> list[OutputFile]:
    """Every page of every language tree, sorted by path."""
    languages = site_languages(reports)
    files = [home_page(language, reports, languages) for language in languages]
    for report in reports:
        for language in languages:
            translation = report.translation(language)
            files.append(report_page(report, translation) if translation else missing_page(report, language))
    return sorted(files, key=lambda f: f.dest_uri)
