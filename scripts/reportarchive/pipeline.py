"""Seeds in, Markdown trees out: readers -> cleaners -> detection -> grouping -> titles -> pages.

``gather()`` is pure but for reading the inputs: it returns every report,
every generated file and every problem. Only ``write()`` touches ``docs/``.

Every stage whose work grows with the archive is cached by the digest of its
inputs (see ``caching/memo.py``): reading and cleaning by a seed's bytes, detection
by the text looked at, a report's pages by its records. A build therefore
spends its time on what changed since the last one.
"""

from __future__ import annotations

import importlib.metadata
import sys
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import babel

from . import (
    alignment,
    anchors,
    browserdata,
    cleaners,
    compare,
    dates,
    exports,
    grouping,
    language,
    layout,
    metadata,
    pages,
    parallel,
    progress,
    reader,
    records,
    search,
    strings,
    texts,
    timing,
    titles,
)
from .caching import digests
from .caching.memo import Memo
from .caching.store import Store
from .caching.stored import StoredBlocks
from .grouping import group
from .records import CleanedSeed, OutputFile, Problem, Report, Translation
from .writer import Written, write_tree

CACHE_DIR = ".cache"  # in the project: what a build reuses from the last one, below
LANGUAGES_CACHE = "languages.json"
SEEDS_MEMO = "seeds.sqlite"
PAGES_MEMO = "pages.sqlite"
REPORT_OUTPUTS_MEMO = "report-outputs.sqlite"  # each report's compare data, exports and search terms
DOCS_STORE = "docs"  # the generated files by content, hard-linked into docs/


def _code_versions() -> dict[str, str]:
    """What each memo's values depend on besides their keys: the code that
    computes them, the interface strings, Python's Unicode data (reading
    normalizes text) and Babel's CLDR data (language names)."""
    unicode = f"python {sys.version}, unicode {unicodedata.unidata_version}"
    cldr = f"babel {babel.__version__}"
    lemmas = f"simplemma {importlib.metadata.version('simplemma')}"  # base forms in titles
    datelines = f"dateparser {importlib.metadata.version('dateparser')}"  # dates read from the texts
    this = sys.modules[__name__]
    return {
        SEEDS_MEMO: digests.code_version(this, reader, cleaners, records, data=(unicode,)),
        PAGES_MEMO: digests.code_version(
            pages, titles, grouping, strings, records, dates, data=(strings.STRINGS_BYTES, cldr, lemmas, datelines)
        ),
        REPORT_OUTPUTS_MEMO: digests.code_version(
            browserdata,  # the compare data's script form
            compare,
            exports,
            alignment,
            anchors,
            search,
            texts,  # the compare data counts a text's pages; the text store's pages
            layout,  # the addresses the compare data and the search index hold
            dates,  # the dates as the compare data and the text store show them
            pages,
            strings,
            records,
            data=(strings.STRINGS_BYTES, cldr, search.ANALYSIS_VERSION),
        ),
    }


@dataclass
class Caches:
    """What a build reuses from the last one (all in ``.cache/``)."""

    folder: Path | None = None
    detection: language.DetectionCache = field(default_factory=dict)
    seeds: Memo = field(default_factory=Memo)
    pages: Memo = field(default_factory=Memo)  # pages, and derived titles
    # Each report's compare data, exports and search terms (used by the site build).
    report_outputs: Memo = field(default_factory=Memo)
    store: Store | None = None  # the generated files by content, hard-linked into docs/

    @classmethod
    def load(cls, folder: Path) -> Caches:
        return cls(
            folder,
            language.load_cache(folder / LANGUAGES_CACHE),
            Memo(folder / SEEDS_MEMO, CODE_VERSIONS[SEEDS_MEMO]),
            Memo(folder / PAGES_MEMO, CODE_VERSIONS[PAGES_MEMO]),
            Memo(folder / REPORT_OUTPUTS_MEMO, CODE_VERSIONS[REPORT_OUTPUTS_MEMO]),
            Store(folder / DOCS_STORE),
        )

    def save(self, generation_only: bool = False) -> None:
        """Save what this build used and added (a memo nothing used is left as
        it is). ``generation_only``: not the site build's memo, while the site
        build has not used what it will of it yet (saving drops what is unused)."""
        if self.folder is None:
            return
        language.save_cache(self.folder / LANGUAGES_CACHE, self.detection)
        self.seeds.save()
        self.pages.save()
        if not generation_only:
            self.report_outputs.save()


# Taken when this process loads the code, not when a build starts: a live
# preview runs the code it started with, and must not label what that code
# computes with the version of files edited since.
CODE_VERSIONS = _code_versions()


@dataclass(frozen=True)
class Gathered:
    reports: tuple[Report, ...]
    files: tuple[OutputFile, ...]
    problems: tuple[Problem, ...]

    @property
    def languages(self) -> list[str]:
        return pages.site_languages(list(self.reports))

    @property
    def translations(self) -> list[Translation]:
        return sorted((t for r in self.reports for t in r.translations), key=lambda t: t.src_uri)


@timing.stage("clean")
def read_and_clean_one(
    raw: bytes, abs_src_path: Path, src_uri: str, version: str = ""
) -> tuple[str, CleanedSeed] | Problem:
    """A seed's text digest and cleaned content, or why it cannot be used."""
    seed = reader.decode_seed(raw, abs_src_path, src_uri)
    if isinstance(seed, Problem):
        return seed
    # (The digest given to clean, not replaced after: a record made again counts its words again.)
    cleaned = cleaners.clean(src_uri, seed.text, digests.digest(version, src_uri, seed.content_hash))
    return seed.content_hash, cleaned


# Seeds read and cleaned a batch at a time: new ones on every core once a
# batch has this many (fewer are not worth starting processes for).
READ_BATCH = 400
PARALLEL_CLEAN_MIN = 64


def _clean_job(
    job: tuple[bytes, Path, str, str],
) -> tuple[tuple[str, CleanedSeed] | Problem, tuple[str, list[Any]] | None]:
    """A seed cleaned, and fastText's sure answer for its language while its
    text is at hand on this core (language.early_answer: a first build then
    detects only what fastText is unsure of, one after another)."""
    result = read_and_clean_one(*job)
    if isinstance(result, Problem):
        return result, None
    return result, language.early_answer(language.sample(block.text for block in result[1].blocks))


@timing.stage("read")
def read_and_clean(
    seeds_dir: Path,
    seeds_memo: Memo | None = None,
    only: Collection[str] | None = None,
    detected: language.DetectionCache | None = None,
) -> tuple[list[CleanedSeed], list[Problem], set[str]]:
    """Every usable seed (``only`` those named), cleaned (a seed identical to
    an earlier one is skipped), the problems, and the name of every seed read
    (cleaned or not). fastText's sure answers for the seeds cleaned now go to
    ``detected`` (the detection cache)."""
    seeds_memo = seeds_memo if seeds_memo is not None else Memo()
    detected = detected if detected is not None else {}
    paths, problems = reader.find_seed_paths(seeds_dir, only)
    cleaned: list[CleanedSeed] = []
    names: set[str] = set()
    first_with_hash: dict[str, str] = {}
    with parallel.pool(PARALLEL_CLEAN_MIN) as workers, progress.phase("read and clean", len(paths), "seed") as advance:
        for start in range(0, len(paths), READ_BATCH):
            batch = paths[start : start + READ_BATCH]
            for result in _read_batch(batch, seeds_memo, workers, detected):
                advance()
                if isinstance(result, Problem):
                    problems.append(result)
                    continue
                src_uri, key, (content_hash, content) = result
                if content_hash in first_with_hash:
                    problems.append(Problem(src_uri, f"identical to {first_with_hash[content_hash]}; skipped"))
                    continue
                first_with_hash[content_hash] = src_uri
                names.add(src_uri)
                problems.extend(content.problems)
                if not any(p.severity == "error" for p in content.problems):
                    cleaned.append(_kept_in_memo(content, seeds_memo, key))
    return cleaned, problems, names


def _kept_in_memo(content: CleanedSeed, seeds_memo: Memo, key: str) -> CleanedSeed:
    """The cleaned seed with its blocks left in the seeds memo, where they are
    already (under ``key``): the build holds no text it is not working on."""
    return replace(content, blocks=StoredBlocks(seeds_memo, key, len(content.blocks)), word_count=content.word_count)


def _read_batch(
    batch: list[tuple[Path, str]], seeds_memo: Memo, workers: parallel.Pool, detected: language.DetectionCache
) -> list[tuple[str, str, tuple[str, CleanedSeed]] | Problem]:
    """Each seed of ``batch`` in order: (its name, its key in the memo, (text
    digest, cleaned content)) from the memo or cleaned now, or why it cannot be used."""
    read: list[tuple[str, str] | Problem] = []
    known: dict[str, tuple[str, CleanedSeed] | Problem] = {}
    jobs: dict[str, tuple[bytes, Path, str, str]] = {}
    for abs_src_path, src_uri in batch:
        raw = reader.read_bytes(abs_src_path, src_uri)
        if isinstance(raw, Problem):
            read.append(raw)
            continue
        key = digests.digest(src_uri, raw)
        read.append((src_uri, key))
        value = seeds_memo.get(key)
        if value is not None:
            known[key] = value
        else:
            jobs[key] = (raw, abs_src_path, src_uri, seeds_memo.version)
    for key, (value, answer) in zip(jobs, workers.map(_clean_job, list(jobs.values())), strict=True):
        seeds_memo.put(key, value)
        known[key] = value
        if answer is not None:
            detected.setdefault(*answer)
    results: list[tuple[str, str, tuple[str, CleanedSeed]] | Problem] = []
    for entry in read:
        if isinstance(entry, Problem):
            results.append(entry)
        else:
            src_uri, key = entry
            value = known[key]
            results.append(value if isinstance(value, Problem) else (src_uri, key, value))
    return results


def with_metadata(content: CleanedSeed, override: records.SeedMetadata | None) -> CleanedSeed:
    """The cleaned seed with the sidecar's source and byline, when it gives them."""
    if override is None or not (override.source or override.byline):
        return content
    return replace(
        content,
        source_url=override.source or content.source_url,
        byline=override.byline or content.byline,
        # A new name for the caches that know a cleaned seed by its digest.
        digest=digests.digest(content.digest, "metadata", override.source or "", override.byline or "")
        if content.digest
        else "",
    )


def _detect_languages(
    cleaned: list[CleanedSeed], overrides: dict[str, records.SeedMetadata], caches: Caches
) -> tuple[list[Translation], list[Problem]]:
    """A translation for every seed whose language is given or detected with
    some confidence (an uncertain one is a warning, none at all an error)."""
    # Only the start of a text is looked at (and is its key in the cache).
    to_detect = {
        c.src_uri: language.sample(b.text for b in c.blocks)
        for c in cleaned
        if not overrides.get(c.src_uri, records.SeedMetadata()).language
    }
    detections, caches.detection = language.detect_all(to_detect, caches.detection)
    translations, problems = [], []
    for content in cleaned:
        override = overrides.get(content.src_uri, records.SeedMetadata())
        code: str | None
        if override.language:
            code, confidence, how = override.language, 1.0, "metadata"
        else:
            detection = detections[content.src_uri]
            code, confidence, how = detection.language, detection.confidence, "detected"
            if code is None:
                message = "language could not be detected; set it in seeds/metadata.yml"
                problems.append(Problem(content.src_uri, message, severity="error"))
                continue
            if confidence < language.MIN_CONFIDENCE:
                message = f"language uncertain ({code}, confidence {confidence:.2f}); set it in seeds/metadata.yml"
                problems.append(Problem(content.src_uri, message))
        translations.append(
            Translation(content.src_uri, code, confidence, how, content, title=override.title or "", date=override.date)
        )
    return translations, problems


@timing.stage("gather")
def gather(
    seeds_dir: Path, caches: Caches | None = None, reports_known: Callable[[list[Report]], object] | None = None
) -> Gathered:
    """Every report, page and problem; ``caches`` are used and extended.
    ``reports_known(reports)`` is called as soon as the reports are, before
    their pages are generated (work that needs only the reports begins)."""
    caches = caches if caches is not None else Caches()
    reports, problems = gather_reports(seeds_dir, caches)
    if reports_known is not None:
        reports_known(reports)
    store = caches.store
    files = pages.generate(reports, caches.pages, store.has if store else None, store.put if store else None)
    return Gathered(tuple(reports), tuple(files), tuple(problems))


def gather_reports(
    seeds_dir: Path, caches: Caches, only: Collection[str] | None = None
) -> tuple[list[Report], list[Problem]]:
    """The reports (titled) and problems of every seed, or of ``only`` those
    named (a live preview's edited reports: their titles are then not numbered
    against the rest of the archive)."""
    cleaned, problems, names = read_and_clean(seeds_dir, caches.seeds, only, caches.detection)
    overrides, metadata_problems = metadata.load(seeds_dir)
    problems += metadata_problems
    if only is None:
        problems += metadata.unknown_names(overrides, names)
    cleaned = [with_metadata(content, overrides.get(content.src_uri)) for content in cleaned]
    # A source given in the sidecar answers the seed's missing source line.
    problems = [
        p
        for p in problems
        if not (p.message.startswith(cleaners.NO_SOURCE) and getattr(overrides.get(p.src_uri), "source", None))
    ]

    translations, detection_problems = _detect_languages(cleaned, overrides, caches)
    problems += detection_problems

    reports, group_problems = group(translations)
    problems += group_problems
    added = dates.added_days(seeds_dir, [(seeds_dir / c.src_uri, c.src_uri) for c in cleaned])
    reports = dates.assign(reports, added, caches.pages)
    reports = titles.assign_titles(reports, caches.pages)
    problems.sort(key=lambda p: (p.src_uri, p.line or 0))
    return reports, problems


@timing.stage("write")
def write(gathered: Gathered, docs_dir: Path, caches: Caches | None = None) -> Written:
    return write_tree(docs_dir, list(gathered.files), caches.store if caches is not None else None)
