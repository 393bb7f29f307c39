"""An Atom feed per language (RFC 4287): its newest reports, for feed readers.

``<lang>/feed.xml`` (``layout.FEED_FILE``) lists the language's ``FEED_SIZE``
newest reports, in the order of its home (newest first): each with its
title, link, date (``dates.py``), a summary (the start of its first
paragraph), its byline as author and its language. Every page of the
language names the feed in its head (``docs/overrides/main.html``) and its
home links to it.

Links are absolute when the site has a ``site_url``; without one they are
relative to the feed (which readers resolve against where they fetched it
from), and the build says that a published feed needs the site_url. Ids are
``urn:uuid`` names derived from the language and the report's slug: they do
not change when the site moves. Every time is the report's day at 00:00 UTC,
and the feed's own ``updated`` is its newest entry's: the same seeds give
the same feed.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from . import dates, layout, strings
from .records import Report, Translation

FEED_SIZE = 50
SUMMARY_CHARS = 300
# Names the feeds' ids are derived in (uuid5): any fixed UUID would do.
_NAMESPACE = uuid.UUID("6f1c3c52-2f4e-4d55-9c3c-5c1a0f6f2b7e")
# Characters XML 1.0 does not allow in a document, whatever the escaping.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_EPOCH = "1970-01-01"


def title(language: str) -> str:
    """The feed's title: the language home's, and the site's name."""
    home = strings.text(language, "home_title", language=strings.language_name(language, language))
    return f"{home} · {strings.text(language, 'site_name')}"


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _attribute(value: str) -> str:
    return quoteattr(_NOT_XML.sub("", value))


def _time(day: str | None) -> str:
    return f"{day or _EPOCH}T00:00:00Z"


def summary(translation: Translation) -> str:
    """The start of the first paragraph (a caption when there is none), cut at a word."""
    blocks = translation.content.blocks
    first = next((b.text for b in blocks if b.kind == "paragraph"), blocks[0].text if blocks else "")
    if len(first) <= SUMMARY_CHARS:
        return first
    cut = first.rfind(" ", SUMMARY_CHARS // 2, SUMMARY_CHARS)
    return first[: cut if cut > 0 else SUMMARY_CHARS].rstrip(" ,;:") + "…"


def newest(reports: list[Report], language: str) -> list[tuple[Report, Translation]]:
    """The language's ``FEED_SIZE`` newest reports, newest first (ties: by title, as on the home)."""
    versions = [(r, t) for r in reports for t in r.translations if t.language == language]
    versions.sort(key=lambda rt: dates.newest_first(rt[1].date, rt[1].title, rt[0].slug))
    return versions[:FEED_SIZE]


def feed(reports: list[Report], language: str, root: str | None) -> str:
    """The Atom document of ``language``; ``root``: the site's public address, if it has one."""
    base = f"{root}{language}/" if root else ""
    entries = newest(reports, language)
    site_name = strings.text(language, "site_name")
    updated = max((t.date or _EPOCH for _, t in entries), default=_EPOCH)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{language}">',
        f"  <id>urn:uuid:{uuid.uuid5(_NAMESPACE, language)}</id>",
        f"  <title>{_text(title(language))}</title>",
        f"  <updated>{_time(updated)}</updated>",
        f'  <link rel="self" type="application/atom+xml" href={_attribute(base + layout.FEED_FILE)}/>',
        f'  <link rel="alternate" type="text/html" href={_attribute(base + layout.page_href(1, 0))}/>',
        f"  <author><name>{_text(site_name)}</name></author>",
    ]
    for report, translation in entries:
        lines += _entry(report, translation, base, site_name)
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _entry(report: Report, translation: Translation, base: str, site_name: str) -> list[str]:
    language = translation.language
    href = base + layout.report_href(report.slug, 0)
    author = translation.content.byline or site_name
    return [
        f'  <entry xml:lang="{language}">',
        f"    <id>urn:uuid:{uuid.uuid5(_NAMESPACE, f'{language}/{report.slug}')}</id>",
        f"    <title>{_text(translation.title)}</title>",
        f'    <link rel="alternate" type="text/html" hreflang="{language}" href={_attribute(href)}/>',
        f"    <published>{_time(translation.date)}</published>",
        f"    <updated>{_time(translation.date)}</updated>",
        f"    <author><name>{_text(author)}</name></author>",
        f"    <summary>{_text(summary(translation))}</summary>",
        "  </entry>",
    ]


def files(reports: list[Report], languages: list[str], root: str | None) -> Iterator[tuple[str, str, str]]:
    """(language, path below its folder, document) of every language's feed."""
    for language in languages:
        yield language, layout.FEED_FILE, feed(reports, language, root)
