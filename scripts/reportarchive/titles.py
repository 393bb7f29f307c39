"""Titles for pages whose seeds have none.

A sidecar title wins. Otherwise the title is derived from the text: the first
quoted name in the opening paragraphs (reports usually quote the project or
event they are about), else the main clause of the lead sentence. Titles are
at most ``MAX_TITLE_CHARS`` long, cut between words, and unique per language.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .memo import Memo
from .records import Report, Translation

MAX_TITLE_CHARS = 100
MIN_QUOTE_CHARS = 15
LEAD_BLOCKS = 3  # quoted names are looked for in this many opening paragraphs
LEADING_PHRASE_CHARS = 45  # shorter comma-separated openers are circumstance, not subject

_QUOTES = re.compile(r"«\s*([^»]+?)\s*»|“([^”]+)”|„([^“”]+)[“”]|\"([^\"]+)\"")
_DATELINE = re.compile(r"^(?:\(\s*[^()]{1,40}\)|[A-ZÀ-Þ][A-ZÀ-Þ .]{1,30})\s*[-–—]\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\W*[^\W\d_])")


def shorten(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    """Cut ``text`` to at most ``limit`` characters between two words."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def quoted_name(paragraphs: tuple[str, ...]) -> str | None:
    for paragraph in paragraphs[:LEAD_BLOCKS]:
        for match in _QUOTES.finditer(paragraph):
            quoted = next(group for group in match.groups() if group)
            if len(quoted) >= MIN_QUOTE_CHARS:
                return quoted.strip(" .,;:")
    return None


def lead_clause(paragraphs: tuple[str, ...]) -> str | None:
    if not paragraphs:
        return None
    sentence = _SENTENCE_END.split(_DATELINE.sub("", paragraphs[0].strip()), 1)[0]
    segments = sentence.split(", ")
    while len(segments) > 1 and len(segments[0]) < LEADING_PHRASE_CHARS:
        segments.pop(0)
    clause = ", ".join(segments).rstrip(" .!?…:;")
    return _capitalize(clause) if clause else None


def derive_title(translation: Translation) -> str:
    paragraphs = translation.content.paragraphs
    title = quoted_name(paragraphs) or lead_clause(paragraphs) or translation.src_uri
    return shorten(_capitalize(title))


def assign_titles(reports: list[Report], memo: Memo | None = None) -> list[Report]:
    """Give every translation a title, unique within its language.

    Derived titles are taken from ``memo`` for seeds whose cleaned content
    (known by its digest) is unchanged.
    """
    memo = memo if memo is not None else Memo()

    def derived(translation: Translation) -> str:
        if not translation.content.digest:
            return derive_title(translation)
        return memo.get_or_compute(("title", translation.content.digest), lambda: derive_title(translation))

    seen: dict[tuple[str, str], int] = {}
    titled = []
    for report in reports:
        translations = []
        for translation in report.translations:
            if translation.title:
                title, source = translation.title, "metadata"
            else:
                title, source = derived(translation), "derived"
            base = title
            count = seen.get((translation.language, base.casefold()), 0) + 1
            seen[(translation.language, base.casefold())] = count
            if count > 1:
                title = f"{base} ({count})"
            translations.append(replace(translation, title=title, title_source=source))
        titled.append(replace(report, translations=tuple(translations)))
    return titled
