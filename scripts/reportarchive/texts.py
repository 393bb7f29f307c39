"""The text store: each report's text in each of its languages, once, as
data the browser loads when it needs a report's words without its page.

Two readers share it: the search shows the page of a text its excerpt comes
from, and the compare view loads the two versions it puts side by side. (The
text was stored once for each before: the site held every text three times
counting the report pages.)

Within each language folder, ``texts/<slug>.<page>.js`` (``layout.text_page``):
a report's text, its blocks joined by newlines (a block never holds one), cut
into pages of about ``PAGE_CHARS`` characters at a space or a newline, so a
search result loads the one page its excerpt comes from. Keyed by the report's
slug, which never changes while the report exists: adding a report writes its
own pages and no other. Every file is one statement,
``(window.archiveText=window.archiveText||{})["<lang>/<slug>/<page>"]=<JSON>;``
(a classic script: it loads from disk as well as hosted) with

=========  ================================================================
key        value
=========  ================================================================
``t``      the title
``s``      the source site (``example.org``)
``z``      this page of the text, deflated (zlib, RFC 1950) and in base64
``o``      where the page starts in the text (characters)
``more``   whether another page follows
``d``      its date as the language writes it (``dates.shown``), if any
``i``      that date in ISO 8601 (``YYYY-MM-DD``)
=========  ================================================================

The text is deflated (``browserdata.deflated``) because the store is the
site's second largest part after the report pages (a text once more: 1.04×
the seeds' bytes); deflated and in base64 it is about half of that.

Read by ``docs/overrides/assets/archive-search.js`` and ``archive-compare.js``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial

from . import browserdata, dates, layout
from .caching.digests import report_digests
from .caching.memo import Memo
from .pages import source_site
from .records import Block, Report

PAGE_CHARS = 4000  # fewer, larger pages: fewer files to write; a result loads one
GLOBAL = "archiveText"


def joined(blocks: Sequence[Block]) -> str:
    """A text as the store holds it: its blocks, one a line."""
    return "\n".join(block.text for block in blocks)


def pages_of(text: str) -> list[int]:
    """Where each page of a text starts: about PAGE_CHARS each, cut at a
    space or a newline (which stays at the end of the page before)."""
    starts, start = [0], 0
    while len(text) - start > PAGE_CHARS:
        end = start + PAGE_CHARS
        cut = max(text.rfind(" ", start + PAGE_CHARS // 2, end), text.rfind("\n", start + PAGE_CHARS // 2, end))
        start = cut + 1 if cut > start else end
        starts.append(start)
    return starts


def page_count(blocks: Sequence[Block]) -> int:
    return len(pages_of(joined(blocks)))


def report_files(report: Report, language: str) -> Iterator[tuple[str, str]]:
    """(path below the language folder, script) of each page of one report's text."""
    translation = report.translation(language)
    if translation is None:
        return
    text = joined(translation.content.blocks)
    starts = pages_of(text)
    ends = starts[1:] + [len(text)]
    source = source_site(report.source_url)
    for page, (start, end) in enumerate(zip(starts, ends, strict=True)):
        page_text = browserdata.deflated(text[start:end])
        value = {"t": translation.title, "s": source, "z": page_text, "o": start, "more": end < len(text)}
        if translation.date:
            value |= {"d": dates.shown(translation), "i": translation.date}
        yield layout.text_page(report.slug, page), browserdata.script(GLOBAL, f"{language}/{report.slug}/{page}", value)


def files(
    reports: list[Report], languages: list[str], memo: Memo | None = None, digests: dict[str, str] | None = None
) -> Iterator[tuple[str, str, str]]:
    """(language, path below its folder, script) of every text of ``reports``,
    one at a time; a report's are taken from ``memo`` when its records are
    unchanged (a rebuild deflates no text again, nor reads one). ``digests``:
    slug -> ``digest_of(report)``, computed when not given."""
    memo = memo if memo is not None else Memo()
    digests = digests or report_digests(reports)
    for language in languages:
        for report in reports:
            if report.translation(language) is None:
                continue
            key = _memo_key(digests[report.slug], language)
            for path, script in memo.get_or_compute(key, partial(_pages, report, language)):
                yield language, path, script


def _memo_key(digest: str, language: str) -> tuple[str, str, str]:
    return ("text-pages", digest, language)


def _pages(report: Report, language: str) -> list[tuple[str, str]]:
    return list(report_files(report, language))


def entries(report: Report, digest: str) -> list[tuple[tuple[str, str, str], list[tuple[str, str]]]]:
    """A report's text store pages as the memo keeps them, in each of its
    languages (for ``compare.prepare`` to work out in its workers)."""
    return [(_memo_key(digest, t.language), _pages(report, t.language)) for t in report.translations]
