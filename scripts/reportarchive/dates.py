"""A date for every version of a report, and where it comes from.

Seeds carry no date field. Each version's date comes from the first of three
sources that has one (``SOURCES``):

1. ``metadata``: the ``date`` given in ``seeds/metadata.yml``;
2. ``text``: a dateline in the lead ("Dans l'après-midi du 16 septembre"),
   found by dateparser in the text's own language. It must name its month
   in words (a CLDR month name of that language: "16.09." could be either
   order elsewhere), and its year must be settled, never guessed: stated in
   the dateline, in the source's address (``/2024/09/``), or the only year
   the text names ("au cours des premiers mois de 2024"). A dateline whose
   year nothing settles, or that falls after the report entered the
   archive, is not used;
3. ``added``: the day the report entered the archive: the commit that added
   its first seed (so a deploy fetches the whole history), else the oldest
   modification time of its seeds; shown as "added on".

Every date is a plain ISO day (``YYYY-MM-DD``, UTC); a build with the same
seeds and history gives the same dates.
"""

from __future__ import annotations

import contextlib
import datetime
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

from . import parallel, strings, timing
from .caching.memo import Memo
from .records import Report, Translation

METADATA, TEXT, ADDED = "metadata", "text", "added"
SOURCES = (METADATA, TEXT, ADDED)
# A dateline stands at the start of a report: only this much is searched.
LEAD_CHARS = 300
# dateparser fills what a date lacks from this day; a fixed one keeps builds
# reproducible (and the year it would fill in is never used: see _year).
_BASE = datetime.datetime(2000, 1, 1)
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
# A year and its month in a source's address: /2024/09/16/, 2024-09-16, 20240916
# (a year alone, /2031/, may as well be the article's number).
_ADDRESS_DATE = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)[-/_.]?(0[1-9]|1[0-2])(?:[-/_.]?[0-3]\d)?(?!\d)")

# Chinese, Japanese and Korean write a date without spaces: 2024年9月16日, 9월 16일.
_UNSPACED = {"zh", "ja", "ko"}
_UNSPACED_DATE = re.compile(r"(?:\d{4}\s*[年년]\s*)?\d{1,2}\s*[月월]\s*\d{1,2}\s*[日号일]")


@dataclass(frozen=True)
class Dateline:
    """A date read from a text: the day, and the words it was read from."""

    date: str
    words: str
    year_from: str  # "dateline", "address" or "text"


def newest_first(date: str | None, title: str, slug: str) -> tuple[int, str, str]:
    """The order of a language's reports (its home, its feed): newest first,
    undated last, then by title."""
    return (-(int(date.replace("-", "")) if date else 0), title.casefold(), slug)


def shown(translation: Translation) -> str:
    """How a version's date reads in its own language, for the browser's
    scripts (the search results, the compare view): "16 septembre 2024", or
    "Ajouté le 3 décembre 2026" for the day it entered the archive."""
    if not translation.date:
        return ""
    day = strings.date(translation.language, translation.date)
    return f"{strings.text(translation.language, 'added_on')} {day}" if translation.date_source == ADDED else day


def _day(moment: datetime.datetime | datetime.date) -> str:
    return moment.strftime("%Y-%m-%d")


@cache
def _date_spans(language: str) -> re.Pattern[str] | None:
    """Where a day stands next to a month name of the language (CLDR: wide
    and abbreviated, in running text and standing alone; any ending, and one
    letter before it: "września", "בספטמבר"), with a year after it if there
    is one: "16 septembre", "16 de setembro de 2024", "3. März 2023",
    "September 16, 2024". Only these spans are given to dateparser (which
    reads the date in them): they are found in microseconds, and a lead
    without one costs nothing more. None when Babel does not know the language."""
    if language in _UNSPACED:
        return _UNSPACED_DATE
    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return None
    names: set[str] = set()
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            names.update(name.casefold().rstrip(".") for name in locale.months[context][width].values())
    month = r"\w?(?:" + "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True) if name) + r")\w*\.?"
    day, particle = r"\d{1,2}\.?", r"(?:\w{1,4}\s+)?"  # "de", "du", "năm" …
    year = rf"(?:,?\s+{particle}\d{{4}})?"
    return re.compile(rf"(?<!\w)(?:{day}\s+{particle}{month}{year}|{month}\s+{day}{year})(?![\w.])", re.IGNORECASE)


@cache
def _dateparser_languages() -> frozenset[str]:
    from dateparser.languages import default_loader  # imported on first need: it takes a moment

    return frozenset(default_loader.get_locale_map())


# Only dates written out (not "yesterday", not a timestamp): three times as fast.
_SETTINGS = {"REQUIRE_PARTS": ["day", "month"], "RELATIVE_BASE": _BASE, "PARSERS": ["absolute-time"]}


def dateline(text: str, language: str, source_url: str | None) -> Dateline | None:
    """The date a text's lead states, when it states one unambiguously (see the module's notes)."""
    spans = _date_spans(language)
    if spans is None or language not in _dateparser_languages():
        return None
    for match in spans.finditer(text[:LEAD_CHARS]):
        words = match.group().strip()
        if not (_years(words) or _ADDRESS_DATE.search(source_url or "") or len(_years(text)) == 1):
            return None  # nothing could settle its year: not worth parsing
        moment = _parse(words, language)
        if moment is None:
            continue
        year = _year(words, moment, text, source_url)
        if year is None:
            return None
        value, year_from = year
        with contextlib.suppress(ValueError):  # 29 February of a year without one
            return Dateline(_day(moment.replace(year=value)), words, year_from)
        return None
    return None


def _years(text: str) -> set[int]:
    """The years a text names, in any digits (٢٠٢٤ is 2024: ``int`` reads them all)."""
    return {int(found) for found in _FOUR_DIGITS.findall(text) if 1800 <= int(found) <= 2099}


def _parse(words: str, language: str) -> datetime.datetime | None:
    import dateparser  # imported on first need: it takes a moment

    return dateparser.parse(words, languages=[language], settings=_SETTINGS)


def _year(words: str, moment: datetime.datetime, text: str, source_url: str | None) -> tuple[int, str] | None:
    """The dateline's year and what settles it, or None when nothing does."""
    if _years(words):
        return moment.year, "dateline"
    for match in _ADDRESS_DATE.finditer(source_url or ""):
        year, month = match.groups()
        if int(month) == moment.month:
            return int(year), "address"
    named = _years(text)
    if len(named) == 1:
        return named.pop(), "text"
    return None


def _dateline_key(translation: Translation) -> tuple[str, ...]:
    """What a version's dateline depends on (its text by its digest: nothing is read)."""
    content = translation.content
    return ("dateline", content.digest, translation.language, content.source_url or "")


def added_days(seeds_dir: Path, seeds: Iterable[tuple[Path, str]]) -> dict[str, str]:
    """src_uri -> the day each seed entered the archive: the commit that first
    added it, else its modification time (a seed not committed yet)."""
    committed = _commit_days(seeds_dir)
    days = {}
    for abs_src_path, src_uri in seeds:
        if src_uri in committed:
            days[src_uri] = committed[src_uri]
            continue
        with contextlib.suppress(OSError):
            mtime = abs_src_path.stat().st_mtime
            days[src_uri] = _day(datetime.datetime.fromtimestamp(mtime, datetime.UTC))
    return days


def _commit_days(seeds_dir: Path) -> dict[str, str]:
    """src_uri -> the day of the commit that first added it, for every seed
    git knows (none outside a repository)."""
    command = ["git", "-C", str(seeds_dir), "log", "--diff-filter=A", "--relative", "--format=%x01%ct"]
    command += ["--name-only", "-z", "--", "."]
    try:
        result = subprocess.run(command, capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    days: dict[str, str] = {}
    for commit in result.stdout.decode("utf-8", "surrogateescape").split("\x01")[1:]:
        stamp, *names = commit.split("\0")
        day = _day(datetime.datetime.fromtimestamp(int(stamp), datetime.UTC))
        for name in names:
            if name.strip("\n"):
                days[name.lstrip("\n")] = day  # newest first: the oldest addition is seen last
    return days


def is_shallow(seeds_dir: Path) -> bool:
    """Whether the seeds' repository lacks its history (a shallow clone):
    every seed would then seem added by its oldest commit fetched."""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        result = subprocess.run(
            ["git", "-C", str(seeds_dir), "rev-parse", "--is-shallow-repository"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        return result.returncode == 0 and result.stdout.strip() == "true"
    return False


@timing.stage("dates")
def assign(reports: list[Report], added: dict[str, str], memo: Memo | None = None) -> list[Report]:
    """Every version dated (``Translation.date``, ``date_source``,
    ``date_words``): metadata, else its dateline, else the day its report
    entered the archive (``added``: src_uri -> day; the report's earliest seed)."""
    memo = memo if memo is not None else Memo()
    missing = (
        (_dateline_key(t), (_joined(t), t.language, t.content.source_url))
        for report in reports
        for t in report.translations
        if not t.date and t.content.digest and not memo.has(_dateline_key(t))
    )
    parallel.fill(memo, missing, _dateline_job, PARALLEL_MIN)
    dated = []
    for report in reports:
        days = [added[t.src_uri] for t in report.translations if t.src_uri in added]
        entered = min(days) if days else None
        translations = tuple(_dated(t, entered, memo) for t in report.translations)
        dated.append(replace(report, translations=translations))
    return dated


def _words(found: Dateline) -> str:
    """The dateline's words, and what settled a year they do not state."""
    if found.year_from == "dateline":
        return found.words
    settled = {"address": "the source's address", "text": "the only year the text names"}[found.year_from]
    return f"{found.words} + {found.date[:4]} ({settled})"


# Fewer new datelines than this are read here, not in worker processes.
PARALLEL_MIN = 400


def _joined(translation: Translation) -> str:
    return "\n".join(b.text for b in translation.content.blocks)


def _dateline_job(job: tuple[str, str, str | None]) -> Dateline | None:
    return dateline(*job)


def _dated(translation: Translation, entered: str | None, memo: Memo) -> Translation:
    if translation.date:
        return replace(translation, date_source=METADATA)
    if not translation.content.digest:  # (a text made in memory, as by the tests: not cached)
        memo = Memo()
    found = memo.get_or_compute(
        _dateline_key(translation),
        lambda: dateline(_joined(translation), translation.language, translation.content.source_url),
    )
    if found is not None and (entered is None or found.date <= entered):
        return replace(translation, date=found.date, date_source=TEXT, date_words=_words(found))
    if entered is not None:
        return replace(translation, date=entered, date_source=ADDED)
    return translation
