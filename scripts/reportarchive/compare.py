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
from collections.abc import Callable, Hashable, Iterator, Sequence
from functools import cache, partial
from itertools import combinations
from typing import Any

from . import browserdata, dates, layout, parallel, strings, texts
from .alignment import Pair, Side, align
from .caching.digests import report_digests
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


def _side(translation: Translation) -> Side:
    return Side(tuple(translation.content.blocks), translation.language)  # read once, used often


def _by_language(report: Report) -> list[Translation]:
    return sorted(report.translations, key=lambda t: t.language)


def _language_pairs(report: Report) -> list[tuple[Translation, Translation]]:
    """Every two versions, ``a`` before ``b`` in the order of their languages."""
    return list(combinations(_by_language(report), 2))


# Reports prepared at a time: their texts are read and sent to the workers
# for it, and their results held until kept in the memo, and no others'.
PREPARE_BATCH = 500
PARALLEL_MIN = 8  # fewer reports to prepare than this are not worth starting processes for

# What else a report's preparation works out in the worker (the export
# entries, which need its alignments; its text store pages): functions of
# the report and its digest giving (memo key, value) entries to keep.
Extras = tuple[Callable[[Report, str], Sequence[tuple[Hashable, Any]]], ...]


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


def _keys(reports: list[Report], digests: dict[str, str]) -> dict[str, str]:
    return {r.slug: "compare:" + digests[r.slug] for r in reports}


def _comparable(reports: list[Report]) -> list[Report]:
    return [r for r in reports if len(r.translations) > 1]


def prepare(
    reports: list[Report],
    memo: Memo,
    digests: dict[str, str] | None = None,
    extras: Extras = (),
    stop: threading.Event | None = None,
) -> None:
    """Work out the compare data of the reports ``memo`` lacks, and their
    ``extras``, on every core, and keep them in ``memo``, a batch at a time:
    an archive's alignments and texts are not held at once (hundreds of
    megabytes at 10,000 reports), and the build's own process, which has pages
    and indexes to write meanwhile, only sends and keeps. ``stop``: set, no
    batch is begun.

    (``digests``: slug -> ``digest_of(report)``, computed when not given.)
    """
    comparable = _comparable(reports)
    digests = digests or report_digests(comparable)
    keys = _keys(comparable, digests)
    with _preparing:
        missing = [r for r in comparable if not memo.has(keys[r.slug])]
        if not missing:
            return
        with parallel.pool(PARALLEL_MIN, chunks=8) as workers:
            for start in range(0, len(missing), PREPARE_BATCH):
                if stop is not None and stop.is_set():
                    return
                batch = missing[start : start + PREPARE_BATCH]
                jobs = [(report, digests[report.slug], extras) for report in batch]
                for report, (script, entries) in zip(batch, workers.map(_prepared, jobs), strict=True):
                    memo.put(keys[report.slug], script)
                    for key, value in entries:
                        memo.put(key, value)


def _prepared(job: tuple[Report, str, Extras]) -> tuple[str, list[tuple[Hashable, Any]]]:
    """A report's compare data and extras' entries (in a worker process, or here for a few)."""
    report, digest, extras = job
    try:
        return data_script(report), [entry for work in extras for entry in work(report, digest)]
    finally:
        forget_alignments()


def files(
    reports: list[Report],
    memo: Memo | None = None,
    digests: dict[str, str] | None = None,
    extras: Extras = (),
) -> Iterator[tuple[str, str]]:
    """(site-relative path, script) for every report in more than one
    language, one at a time: those ``memo`` lacks are prepared first
    (``prepare``, with ``extras``)."""
    memo = memo if memo is not None else Memo()
    digests = digests or report_digests(reports)
    prepare(reports, memo, digests, extras)
    comparable = _comparable(reports)
    keys = _keys(comparable, digests)
    for report in comparable:
        yield data_path(report.slug), memo.get_or_compute(keys[report.slug], partial(data_script, report))
