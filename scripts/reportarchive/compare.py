"""The compare view's data: one script per report, shared by its languages.

The compare view (``<lang>/compare.html?report=<slug>``, one page per
language) holds only its own interface; what it needs of a report is in
``compare/<slug>.js`` at the site root, written once per report rather than
once per language, and loaded by the view for the report in its address:
each version's name, direction, title, byline, date, address, how many pages its
text has in the text store and which of its blocks are captions, and the
alignments of every pair of the report's languages. The texts themselves
come from the text store (``texts.py``), shared with the search: the view
loads the two it shows. Editing a seed therefore changes no compare page.

Loaded as a script (not fetched as JSON), so it works from disk as well as
hosted. The browser side is ``docs/overrides/assets/archive-compare.js``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from functools import cache, partial
from itertools import combinations
from typing import Any

from . import alignment, browserdata, dates, layout, parallel, strings, texts
from .alignment import Pair, Side, align, align_all, forget
from .caching.digests import digest_of
from .caching.memo import Memo
from .records import Report, Translation


@cache
def alignments(report: Report) -> dict[str, list[Pair]]:
    """Every pair of the report's languages, keyed ``"a|b"`` with ``a < b``.

    Cached: the compare data and the TMX export need the same alignments.
    """
    return {f"{a.language}|{b.language}": align(_side(a), _side(b)) for a, b in _language_pairs(report)}


def forget_alignments() -> None:
    """Let go of the alignments kept for the compare data and the exports
    (once both have what they need: they hold reports' pairs, and the reports)."""
    alignments.cache_clear()
    forget()


def _side(translation: Translation) -> Side:
    return Side(tuple(translation.content.blocks), translation.language)  # read once, used often


def _by_language(report: Report) -> list[Translation]:
    return sorted(report.translations, key=lambda t: t.language)


def _language_pairs(report: Report) -> list[tuple[Translation, Translation]]:
    """Every two versions, in the order ``align_all`` aligns them (``a`` before ``b``)."""
    return list(combinations(_by_language(report), 2))


def align_reports(reports: list[Report], workers: parallel.Pool | None = None) -> None:
    """Align every pair of languages of ``reports`` at once, on every core."""
    align_all([[_side(t) for t in _by_language(report)] for report in reports], workers)


# Reports aligned at a time: their texts are read for it, and no others.
ALIGN_BATCH = 500


def data_path(slug: str) -> str:
    """Where a report's data lives, relative to the site root."""
    return layout.compare_data(slug)


def data(report: Report) -> dict[str, Any]:
    return {
        "versions": {
            t.language: {
                "name": strings.language_name(t.language),
                "dir": strings.direction(t.language),
                "title": t.title,
                "byline": t.content.byline,
                "date": t.date,
                "date_text": dates.shown(t),
                "href": layout.report_href(report.slug, 0, t.language),  # from the compare view
                # The text store's pages joined, split at newlines: the blocks.
                "pages": texts.page_count(t.content.blocks),
                "blocks": len(t.content.blocks),
                "captions": [n for n, b in enumerate(t.content.blocks) if b.kind == "caption"],
            }
            for t in report.translations
        },
        "alignments": {
            key: [[list(p.left), list(p.right)] for p in pairs] for key, pairs in alignments(report).items()
        },
    }


def data_script(report: Report) -> str:
    return browserdata.script("archiveCompareData", report.slug, data(report))


# One preparation at a time: a second (the site build's, while one begun
# ahead still runs) waits for the first and finds its work in the memo.
_preparing = threading.Lock()


def _keys(reports: list[Report], digests: dict[str, str] | None) -> dict[str, str]:
    return {r.slug: "compare:" + (digests[r.slug] if digests else digest_of(r)) for r in reports}


def _comparable(reports: list[Report]) -> list[Report]:
    return [r for r in reports if len(r.translations) > 1]


def prepare(
    reports: list[Report],
    memo: Memo,
    digests: dict[str, str] | None = None,
    each_batch: Callable[[list[Report]], object] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Align the reports whose compare data ``memo`` lacks and keep their
    data in it, a batch at a time; ``each_batch(batch)`` is given each batch
    while its alignments are at hand (the TMX export's units), and they are
    let go before the next: an archive's alignments are not held at once
    (hundreds of megabytes at 10,000 reports). ``stop``: set, no batch is begun.

    (``digests``: slug -> ``digest_of(report)``, computed when not given.)
    """
    comparable = _comparable(reports)
    keys = _keys(comparable, digests)
    with _preparing:
        missing = [r for r in comparable if not memo.has(keys[r.slug])]
        if not missing:
            return
        workers = alignment.pool()
        try:
            for start in range(0, len(missing), ALIGN_BATCH):
                if stop is not None and stop.is_set():
                    return
                batch = missing[start : start + ALIGN_BATCH]
                align_reports(batch, workers)
                for report in batch:
                    memo.put(keys[report.slug], data_script(report))
                if each_batch is not None:
                    each_batch(batch)
                forget_alignments()
        finally:
            workers.close()


def files(
    reports: list[Report],
    memo: Memo | None = None,
    digests: dict[str, str] | None = None,
    each_batch: Callable[[list[Report]], object] | None = None,
) -> Iterator[tuple[str, str]]:
    """(site-relative path, script) for every report in more than one
    language, one at a time: those ``memo`` lacks are prepared first
    (``prepare``, which ``each_batch`` is given to)."""
    memo = memo if memo is not None else Memo()
    prepare(reports, memo, digests, each_batch)
    comparable = _comparable(reports)
    keys = _keys(comparable, digests)
    for report in comparable:
        yield data_path(report.slug), memo.get_or_compute(keys[report.slug], partial(data_script, report))
