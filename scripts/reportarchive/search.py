"""Search data: an index built at build time, split so that a query loads
only what it needs, in files loaded as classic scripts (they work from disk
as well as hosted, at any path).

Each language site gets ``search/``:

- ``meta.js``: how many reports, and the first term of every shard of the
  term dictionary (a few KB);
- ``t/<n>.js``: a shard: a contiguous range of the sorted terms, each with
  its postings: (report number, delta-coded; the term's score there; the page
  of the report's text where it first occurs);
- ``r/<n>.js``: which report each number is (its slug), ``REPORTS_PER_TABLE``
  numbers a file, loaded for the results shown.

A result shows its title, source and an excerpt from the text store
(``texts.py``: ``texts/<slug>.<page>.js`` in the language folder, shared with
the compare view): the page its excerpt comes from, with the matches
highlighted.

The format (written by ``_language_files``, read by ``archive-search.js``).
Every file is one statement,
``(window.archiveSearchData=window.archiveSearchData||{})["<lang>/search/<name>"]=<JSON>;``
where ``<name>`` is the file's path below ``search/`` without ``.js``; the
JSON of shards and tables is stored deflated, as a string
(``browserdata.deflated``: a third of its size), ``meta``'s as itself:

=================  ==========================================================
file               JSON
=================  ==========================================================
``meta``           ``{"language": "fr", "count": <reports>, "shards": [<first
                   term of each shard>, …], "scale": <scores are × this>,
                   "tables": <numbers a file of r/>, "report": <a report's
                   page>, "text": <a page of its text> (both from the
                   language folder, "{slug}" and "{page}" to fill in)}``
``t/<n>``          ``{"<term>": [<report delta>, <score>, <page>, …], …}``:
                   flat triples; report numbers ascending, each stored as
                   the difference from the previous one (the first as is);
                   score: BM25 × ``scale``, rounded, at least 1; page: the
                   page of the report's text where the term first occurs
``r/<n>``          ``["<slug of report n × tables>", …]``
=================  ==========================================================

Terms sort by UTF-16 code units, as JavaScript compares strings, so that the
browser's binary search over ``shards`` finds a term's shard.

Terms come from ``archive-analysis.js``, the script the browser runs to
analyse a query, run here under Node (``search_terms.js``), so both sides
turn a text into the same terms. Scores are BM25 with the title weighted, over
the whole archive (every language counts in the statistics), so that the
results of "all languages" are ranked on one scale. The browser side is
``docs/overrides/assets/archive-search.js``.
"""

from __future__ import annotations

import bisect
import json
import math
import re
import subprocess
from array import array
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import browserdata, layout, progress, texts, timing
from .caching.digests import digest, text_digest
from .caching.memo import Memo
from .records import Block, Report

ANALYSIS_JS = Path(__file__).with_name("archive-analysis.js")  # shipped as assets/archive-analysis.js
ANALYSIS_ASSET = "assets/archive-analysis.js"
TERMS_JS = Path(__file__).with_name("search_terms.js")
SEARCH_DIR = "search"  # in each language site
META_FILE = "meta.js"
SHARDS_DIR = "t"
TABLES_DIR = "r"
# Report numbers a file of TABLES_DIR: a batch of results loads a few small files.
REPORTS_PER_TABLE = 32
# A shard holds terms until its postings reach this many bytes (a term with
# more postings than that is a shard of its own).
SHARD_BYTES = 24_000
TITLE_WEIGHT = 5.0
K1, B = 1.2, 0.75
SCORE_SCALE = 100  # scores are stored as integers, in hundredths


def _stemmed_languages() -> frozenset[str]:
    """The list archive-analysis.js keeps (its one owner)."""
    match = re.search(r"var STEMMED = (\[[^\]]*\]);", ANALYSIS_JS.read_text(encoding="utf-8"))
    if match is None:
        raise RuntimeError(f"{ANALYSIS_JS.name} has no STEMMED list")
    return frozenset(json.loads(match.group(1)))


STEMMED_LANGUAGES = _stemmed_languages()
VENDOR_LOCK = Path(__file__).resolve().parents[1] / "vendor" / "package-lock.json"
# What the terms depend on besides the text: the analysis, the code that runs
# it, and the versions of lunr and lunr-languages.
ANALYSIS_VERSION = digest(ANALYSIS_JS.read_bytes(), TERMS_JS.read_bytes(), VENDOR_LOCK.read_bytes())


class AnalysisError(RuntimeError):
    """Node could not analyse the reports (missing, or failed): one line for the build to print."""


@dataclass(frozen=True)
class Document:
    number: int
    language: str
    slug: str
    title: str
    blocks: Sequence[Block]  # the report's own (the text is joined when needed, never kept)
    text_name: str = ""  # the cleaned seed's digest, which names the text without reading it ("" if none)

    @property
    def text(self) -> str:
        return texts.joined(self.blocks)


def documents(language: str, reports: list[Report]) -> list[Document]:
    docs: list[Document] = []
    for report in reports:
        translation = report.translation(language)
        if translation is None:
            continue
        content = translation.content
        docs.append(Document(len(docs), language, report.slug, translation.title, content.blocks, content.digest))
    return docs


def _key(doc: Document) -> str:
    """The key of a text's terms: by the name of its text where it has one (a
    rebuild then reads no text to find its terms cached), else by the text."""
    return "search:" + digest(ANALYSIS_VERSION, doc.language, doc.title, doc.text_name or text_digest(doc.text))


# Texts analysed by one Node process: its input, output and memory stay small at any size.
ANALYSIS_BATCH = 500
# Node processes at once. One: a site build analyses while MkDocs and the
# compare data's workers keep both cores busy, so a second would add its
# memory (about 100 MB at 10,000 × 4, over the build's 1 GB) and no speed.
ANALYSIS_PROCESSES = 1


@timing.stage("search_terms")
def analyse(docs: list[Document], memo: Memo) -> list[str]:
    """The key in ``memo`` of each of ``docs``' terms, {"w": {term: count,
    the title's weighted}, "o": {term: its first offset in a text of more than
    one page}, "p": where each page of the text starts in the text store}; new
    documents are analysed by Node, a batch at a time (``ANALYSIS_PROCESSES`` at once)."""
    keys = [_key(doc) for doc in docs]
    missing = [(key, doc) for key, doc in dict(zip(keys, docs, strict=True)).items() if not memo.has(key)]
    batches = [missing[i : i + ANALYSIS_BATCH] for i in range(0, len(missing), ANALYSIS_BATCH)]
    workers = max(1, min(ANALYSIS_PROCESSES, len(batches)))
    with ThreadPoolExecutor(max_workers=workers) as pool:  # Node does the work: threads feed and read it
        for terms in pool.map(_run_analysis, batches):
            for key, found in terms.items():
                memo.put(key, found)
    return keys


def _run_analysis(batch: list[tuple[str, Document]]) -> dict[str, Any]:
    text_of = {key: doc.text for key, doc in batch}  # (each read once: a batch's texts are a few megabytes)
    request = {"docs": [{"key": k, "language": d.language, "title": d.title, "text": text_of[k]} for k, d in batch]}
    try:
        process = subprocess.Popen(
            ["node", str(TERMS_JS), str(ANALYSIS_JS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
    except FileNotFoundError:
        raise AnalysisError(
            "Node.js (node) not found: the search index is built with it; install Node.js 18 or newer"
        ) from None
    stdout, stderr = process.communicate(json.dumps(request, ensure_ascii=False))
    if process.returncode != 0:
        raise AnalysisError(f"search analysis (node {TERMS_JS.name}) failed: {' '.join(stderr.split())[-300:]}")
    analysed: dict[str, Any] = json.loads(stdout)  # {"t": {term: count}, "x": {term: [count, first offset]}}
    result = {}
    for key in list(analysed):
        terms = analysed.pop(key)  # (a batch's terms are many: not held twice)
        starts = texts.pages_of(text_of[key])
        offsets = {term: first for term, (_, first) in terms["x"].items()} if len(starts) > 1 else {}
        result[key] = {"w": _weighted(terms), "o": offsets, "p": starts}
    return result


def _utf16(term: str) -> bytes:
    """JavaScript compares strings by UTF-16 code units: so must the shard order."""
    return term.encode("utf-16-be")


GLOBAL = "archiveSearchData"


def _assign(key: str, payload: str) -> str:
    return browserdata.assignment(GLOBAL, key, payload)


def _script(key: str, value: object) -> str:
    return browserdata.script(GLOBAL, key, value)


def _packed(key: str, payload: str) -> str:
    """A shard or table: its JSON deflated (``browserdata.deflated``), assigned as a string."""
    return _assign(key, json.dumps(browserdata.deflated(payload)))


def _weighted(terms: dict[str, Any]) -> dict[str, float]:
    """A text's terms with their counts, the title's weighted."""
    combined = {term: TITLE_WEIGHT * count for term, count in terms["t"].items()}
    for term, (count, _) in terms["x"].items():
        combined[term] = combined.get(term, 0.0) + count
    return combined


@dataclass
class _Statistics:
    """What BM25 needs of the whole archive: every language counts, so that
    the results of "all languages" are ranked on one scale."""

    lengths: dict[tuple[str, int], float]
    weight: dict[str, float]  # a term's idf, with (k1 + 1) and the storage scale folded in
    average: float


def _statistics(docs: dict[str, list[Document]], keys: dict[tuple[str, int], str], memo: Memo) -> _Statistics:
    lengths: dict[tuple[str, int], float] = {}
    frequency: dict[str, int] = {}
    for language, language_docs in docs.items():
        for doc in language_docs:
            combined = memo.get(keys[language, doc.number])["w"]
            lengths[language, doc.number] = sum(combined.values())
            for term in combined:
                frequency[term] = frequency.get(term, 0) + 1
    total = max(len(lengths), 1)
    weight = {
        term: math.log(1 + (total - df + 0.5) / (df + 0.5)) * (K1 + 1) * SCORE_SCALE for term, df in frequency.items()
    }
    return _Statistics(lengths, weight, (sum(lengths.values()) / total) or 1.0)


def files(
    reports: list[Report], languages: list[str], memo: Memo | None = None, only: list[str] | None = None
) -> Iterator[tuple[str, str, str]]:
    """Every language's search files (``only`` those of some), as (language,
    path below the language site, content), a language at a time: the index
    of an archive is not held in memory as text, only its postings are (as
    arrays of numbers), and one language's files. Scores count every language.

    A language's files follow from every document's place and terms alone, so
    they are kept whole in ``memo`` under the digest of those: a rebuild of an
    archive whose texts are unchanged takes them from there."""
    memo = memo if memo is not None else Memo()
    docs = {language: documents(language, reports) for language in languages}
    every_doc = [doc for language in languages for doc in docs[language]]
    with progress.phase("search terms", len(every_doc), "text") as advance:
        analysed = analyse(every_doc, memo)
        advance(len(analysed))
    keys = {(doc.language, doc.number): key for doc, key in zip(every_doc, analysed, strict=True)}
    index = digest(*(f"{doc.language} {doc.number} {doc.slug} {keys[doc.language, doc.number]}" for doc in every_doc))
    del every_doc, analysed
    statistics: _Statistics | None = None
    for language in only or languages:
        whole = memo.get(("search-files", index, language))
        if whole is None:
            statistics = statistics or _statistics(docs, keys, memo)
            whole = list(_language_files(language, docs[language], keys, memo, statistics))
            memo.put(("search-files", index, language), whole)
        yield from whole


def build(reports: list[Report], languages: list[str], memo: Memo | None = None) -> dict[str, dict[str, str]]:
    """language -> {path below the language site: file content} (``files``, in memory)."""
    out: dict[str, dict[str, str]] = {language: {} for language in languages}
    for language, path, content in files(reports, languages, memo):
        out[language][path] = content
    return out


def _language_files(
    language: str, docs: list[Document], keys: dict[tuple[str, int], str], memo: Memo, statistics: _Statistics
) -> Iterator[tuple[str, str, str]]:
    prefix = f"{language}/{SEARCH_DIR}/"
    # term -> flat (report number, score, page) triples, report numbers ascending.
    postings: dict[str, array[int]] = {}
    for doc in docs:
        number = doc.number
        norm = K1 * (1 - B + B * statistics.lengths[language, number] / statistics.average)
        terms = memo.get(keys[language, number])
        starts = terms["p"]
        offsets = terms["o"]
        for term, tf in terms["w"].items():
            score = round(statistics.weight[term] * tf / (tf + norm)) or 1
            first = offsets.get(term)
            page = bisect.bisect_right(starts, first) - 1 if first is not None else 0
            entry = postings.get(term)
            if entry is None:
                postings[term] = array("i", (number, score, page))
            else:
                entry.extend((number, score, page))
    for first in range(0, len(docs), REPORTS_PER_TABLE):
        name = f"{TABLES_DIR}/{first // REPORTS_PER_TABLE}"
        slugs = [doc.slug for doc in docs[first : first + REPORTS_PER_TABLE]]
        table = json.dumps(slugs, ensure_ascii=False, separators=(",", ":"))
        yield language, f"{SEARCH_DIR}/{name}.js", _packed(f"{prefix}{name}", table)
    yield from _shards(language, postings, len(docs))


def _shards(language: str, postings: dict[str, array[int]], count: int) -> Iterator[tuple[str, str, str]]:
    prefix = f"{language}/{SEARCH_DIR}/"
    shard: list[str] = []
    firsts: list[str] = []
    size = 0

    def script(number: int) -> tuple[str, str, str]:
        return (
            language,
            f"{SEARCH_DIR}/{SHARDS_DIR}/{number}.js",
            _packed(f"{prefix}{SHARDS_DIR}/{number}", "{" + ",".join(shard) + "}"),
        )

    for term in sorted(postings, key=_utf16):
        flat, previous = postings.pop(term), 0
        for i in range(0, len(flat), 3):  # numbers ascending (documents() counts up): delta-coded
            flat[i], previous = flat[i] - previous, flat[i]
        entry = json.dumps(term, ensure_ascii=False) + ":[" + ",".join(map(str, flat)) + "]"
        if shard and size + len(entry) > SHARD_BYTES:
            yield script(len(firsts) - 1)
            shard, size = [], 0
        if not shard:
            firsts.append(term)
        shard.append(entry)
        size += len(entry) + 1
    if shard:
        yield script(len(firsts) - 1)
    meta = {
        "language": language,
        "count": count,
        "shards": firsts,
        "scale": SCORE_SCALE,
        "tables": REPORTS_PER_TABLE,
        "report": layout.report_href("{slug}", 0),
        "text": layout.text_page("{slug}", "{page}"),
    }
    yield language, f"{SEARCH_DIR}/{META_FILE}", _script(f"{prefix}meta", meta)
