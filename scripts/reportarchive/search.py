"""Search data: an index built at build time, split so that a query loads
only what it needs, in files loaded as classic scripts (they work from disk
as well as hosted, at any path).

Each language site gets ``search/``:

- ``meta.js``: how many reports, and the first term of every shard of the
  term dictionary (a few KB);
- ``t/<n>.js``: a shard: a contiguous range of the sorted terms, each with
  its postings: (report number, delta-coded; the term's score there; the page
  of the report's text where it first occurs);
- ``d/<n>/<page>.js``: one page of a report's text (about 4,000 characters)
  with its title, address and source, loaded for the results shown: the page
  their excerpt comes from, with the matches highlighted.

The format (written by ``_language_files``, read by ``archive-search.js``).
Every file is one statement,
``(window.archiveSearchData=window.archiveSearchData||{})["<lang>/search/<name>"]=<JSON>;``
where ``<name>`` is the file's path below ``search/`` without ``.js``:

=================  ==========================================================
file               JSON
=================  ==========================================================
``meta``           ``{"language": "fr", "count": <reports>, "shards": [<first
                   term of each shard>, …], "scale": <scores are × this>}``
``t/<n>``          ``{"<term>": [<report delta>, <score>, <page>, …], …}``:
                   flat triples; report numbers ascending, each stored as
                   the difference from the previous one (the first as is);
                   score: BM25 × ``scale``, rounded, at least 1; page: the
                   ``d/<report>/<page>`` where the term first occurs
``d/<n>/<page>``   ``{"u": <address of the report page, from the language
                   root>, "t": <title>, "s": <source site>, "x": <this page
                   of the text>, "o": <offset of the page in the text>,
                   "more": <whether a page follows>}`` (one-letter keys:
                   written once per page file, read for every result shown)
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
import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import layout, progress, timing
from .caching.digests import digest
from .caching.memo import Memo
from .pages import source_site
from .records import Report

ANALYSIS_JS = Path(__file__).with_name("archive-analysis.js")  # shipped as assets/archive-analysis.js
ANALYSIS_ASSET = "assets/archive-analysis.js"
TERMS_JS = Path(__file__).with_name("search_terms.js")
SEARCH_DIR = "search"  # in each language site
META_FILE = "meta.js"
SHARDS_DIR = "t"
DOCS_DIR = "d"
# A shard holds terms until its postings reach this many bytes (a term with
# more postings than that is a shard of its own).
SHARD_BYTES = 24_000
TITLE_WEIGHT = 5.0
K1, B = 1.2, 0.75
SCORE_SCALE = 100  # scores are stored as integers, in hundredths
PAGE_CHARS = 4000  # a report's text is loaded a page at a time (fewer, larger pages: fewer files to write)


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
    url: str
    title: str
    source: str
    text: str


def documents(language: str, reports: list[Report]) -> list[Document]:
    docs: list[Document] = []
    for report in reports:
        translation = report.translation(language)
        if translation is None:
            continue
        docs.append(
            Document(
                len(docs),
                language,
                layout.report_href(report.slug, 0),
                translation.title,
                source_site(report.source_url),
                "\n".join(block.text for block in translation.content.blocks),
            )
        )
    return docs


def _key(doc: Document) -> str:
    return "search:" + digest(ANALYSIS_VERSION, doc.language, doc.title, doc.text)


def analyse(docs: list[Document], memo: Memo) -> list[dict[str, Any]]:
    """For each of ``docs``, {"t": {term: count}, "x": {term: [count, first
    offset]}}; new documents are analysed by Node, in one process per core."""
    keys = [_key(doc) for doc in docs]  # (a digest of each text: computed once)
    wanted = dict(zip(keys, docs, strict=True))
    missing = [(key, doc) for key, doc in wanted.items() if memo.get(key) is None]
    if missing:
        workers = max(1, min(os.cpu_count() or 1, len(missing) // 200 or 1))
        running = []
        for part in range(workers):
            request = {
                "docs": [
                    {"key": k, "language": d.language, "title": d.title, "text": d.text}
                    for k, d in missing[part::workers]
                ]
            }
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
            running.append((process, json.dumps(request, ensure_ascii=False)))
        with ThreadPoolExecutor(max_workers=workers) as pool:  # feed and read every process at once
            outputs = list(pool.map(lambda item: item[0].communicate(item[1]), running))
        for (process, _), (stdout, stderr) in zip(running, outputs, strict=True):
            if process.returncode != 0:
                raise AnalysisError(f"search analysis (node {TERMS_JS.name}) failed: {' '.join(stderr.split())[-300:]}")
            for key, terms in json.loads(stdout).items():
                memo.put(key, terms)
    return [memo.get(key) for key in keys]


def _utf16(term: str) -> bytes:
    """JavaScript compares strings by UTF-16 code units: so must the shard order."""
    return term.encode("utf-16-be")


def _assign(key: str, payload: str) -> str:
    return f"(window.archiveSearchData=window.archiveSearchData||{{}})[{json.dumps(key)}]={payload};\n"


def _script(key: str, value: object) -> str:
    return _assign(key, json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True))


def pages_of(text: str) -> list[int]:
    """Where each page of a report's text starts: about PAGE_CHARS each, cut
    at a space (a result loads the one page its excerpt comes from)."""
    starts, start = [0], 0
    while len(text) - start > PAGE_CHARS:
        end = start + PAGE_CHARS
        cut = max(text.rfind(" ", start + PAGE_CHARS // 2, end), text.rfind("\n", start + PAGE_CHARS // 2, end))
        start = cut + 1 if cut > start else end
        starts.append(start)
    return starts


@timing.stage("search_index")
def build(reports: list[Report], languages: list[str], memo: Memo | None = None) -> dict[str, dict[str, str]]:
    """language -> {path below the language site: file content}."""
    memo = memo if memo is not None else Memo()
    docs = {language: documents(language, reports) for language in languages}
    every_doc = [doc for language in languages for doc in docs[language]]
    with progress.phase("search terms", len(every_doc), "text") as advance:
        analysed = analyse(every_doc, memo)
        advance(len(analysed))
    terms = {(doc.language, doc.number): found for doc, found in zip(every_doc, analysed, strict=True)}

    # Statistics over the whole archive: one scale for every language.
    weighted: dict[tuple[str, int], dict[str, float]] = {}
    lengths: dict[tuple[str, int], float] = {}
    frequency: dict[str, int] = {}
    for language in languages:
        for doc in docs[language]:
            counts = terms[language, doc.number]
            combined = {term: TITLE_WEIGHT * count for term, count in counts["t"].items()}
            for term, (count, _) in counts["x"].items():
                combined[term] = combined.get(term, 0.0) + count
            weighted[language, doc.number] = combined
            lengths[language, doc.number] = sum(combined.values())
            for term in combined:
                frequency[term] = frequency.get(term, 0) + 1
    total = max(len(lengths), 1)
    average = (sum(lengths.values()) / total) or 1.0
    # BM25's idf, with (k1 + 1) and the storage scale folded in: the loop below runs once per posting.
    weight = {
        term: math.log(1 + (total - df + 0.5) / (df + 0.5)) * (K1 + 1) * SCORE_SCALE for term, df in frequency.items()
    }

    files: dict[str, dict[str, str]] = {}
    for language in languages:
        postings: dict[str, list[int]] = {}
        page_starts: dict[int, list[int]] = {}
        for doc in docs[language]:
            number = doc.number
            norm = K1 * (1 - B + B * lengths[language, number] / average)
            starts = page_starts[number] = pages_of(doc.text)
            text_terms = terms[language, number]["x"] if len(starts) > 1 else None
            for term, tf in weighted[language, number].items():
                score = round(weight[term] * tf / (tf + norm)) or 1
                page = 0
                if text_terms is not None:
                    first = text_terms.get(term)
                    page = bisect.bisect_right(starts, first[1]) - 1 if first else 0
                entry = postings.get(term)
                if entry is None:
                    postings[term] = [number, score, page]
                else:
                    entry += (number, score, page)
        files[language] = _language_files(language, docs[language], postings, page_starts)
    return files


def _language_files(
    language: str, docs: list[Document], postings: dict[str, list[int]], page_starts: dict[int, list[int]]
) -> dict[str, str]:
    out: dict[str, str] = {}
    shards: list[list[str]] = [[]]
    firsts: list[str] = []
    size = 0
    for term in sorted(postings, key=_utf16):
        flat, previous = postings[term], 0
        for i in range(0, len(flat), 3):  # numbers ascending (documents() counts up): delta-coded
            flat[i], previous = flat[i] - previous, flat[i]
        entry = json.dumps(term, ensure_ascii=False) + ":[" + ",".join(map(str, flat)) + "]"
        if shards[-1] and size + len(entry) > SHARD_BYTES:
            shards.append([])
            size = 0
        if not shards[-1]:
            firsts.append(term)
        shards[-1].append(entry)
        size += len(entry) + 1
    if not shards[-1]:
        shards.pop()
    prefix = f"{language}/{SEARCH_DIR}/"
    for n, shard in enumerate(shards):
        out[f"{SEARCH_DIR}/{SHARDS_DIR}/{n}.js"] = _assign(f"{prefix}{SHARDS_DIR}/{n}", "{" + ",".join(shard) + "}")
    for doc in docs:
        starts = page_starts[doc.number] + [len(doc.text)]
        for page in range(len(starts) - 1):
            name = f"{DOCS_DIR}/{doc.number}/{page}"
            out[f"{SEARCH_DIR}/{name}.js"] = _script(
                f"{prefix}{name}",
                {
                    "u": doc.url,
                    "t": doc.title,
                    "s": doc.source,
                    "x": doc.text[starts[page] : starts[page + 1]],
                    "o": starts[page],
                    "more": starts[page + 1] < len(doc.text),
                },
            )
    out[f"{SEARCH_DIR}/{META_FILE}"] = _script(
        f"{prefix}meta",
        {
            "language": language,
            "count": len(docs),
            "shards": firsts,
            "scale": SCORE_SCALE,
        },
    )
    return out
