"""Titles for pages whose seeds have none.

A sidecar title wins. Otherwise the title is derived from the text: the first
quoted name in the opening paragraphs (reports usually quote the project or
event they are about), else the main clause of the lead sentence. Titles are
at most ``MAX_TITLE_CHARS`` long, cut at the end of a phrase, and unique per
language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from . import parallel, timing
from .caching.digests import digest_of
from .caching.memo import Memo
from .records import Report, Translation

MAX_TITLE_CHARS = 100
MIN_QUOTE_CHARS = 15
LEAD_BLOCKS = 3  # quoted names are looked for in this many opening paragraphs
LEADING_PHRASE_CHARS = 45  # shorter comma-separated openers are circumstance, not subject

_QUOTES = re.compile(r"«\s*([^»]+?)\s*»|“([^”]+)”|„([^“”]+)[“”]|\"([^\"]+)\"")
_DATELINE = re.compile(r"^(?:\(\s*[^()]{1,40}\)|[A-ZÀ-Þ][A-ZÀ-Þ .]{1,30})\s*[-–—]\s*")
# A sentence ends at . ! ? … (and the Arabic ؟ and ۔, the Devanagari danda
# । ॥, the Armenian ։, the Ethiopic ።, the Burmese ။) before the next word,
# and at 。！？ (Chinese, Japanese) with no space at all.
_SENTENCE_END = re.compile(r"(?<=[.!?…؟۔।॥։።။])\s+(?=\W*[^\W\d_])|(?<=[。！？])")
# Commas that separate a leading circumstance from the clause (Latin, Arabic).
_COMMA = re.compile(r"[,،]\s")
# Thai writes no sentence punctuation: a space ends a sentence.
_SPACE_ENDS_SENTENCE = {"th", "lo", "km"}


# Words that open a trailing complement ("… pour la période 2026-2030", "…
# für den Zeitraum …"): a title too long is cut before one, a whole phrase
# kept, rather than in the middle of a phrase. Only languages with
# prepositions: in Hindi, Turkish, Japanese or Korean the word that marks a
# complement follows it, and such titles are cut at punctuation.
COMPLEMENT_WORDS = {
    "en": "for of in on at with to by from during between within",
    "fr": "pour de du des dans sur avec à au aux en par pendant entre lors",
    "pt": "para de do da dos das em no na nos nas com por durante entre",
    "es": "para de del en con por durante entre sobre",
    "it": "per di del della dei delle in nel nella con da durante tra fra su",
    "de": "für von vom des der im in mit zur zum bei während zwischen über auf",
    "nl": "voor van in op met bij tijdens tussen",
    "uk": "для з із у в на щодо по від під під_час між",
    "ru": "для с со в во на по от о об при во_время между",
    "pl": "dla z ze w we na po od przy podczas między",
    "vi": "cho của trong tại với về từ giai_đoạn",
    "ar": "في من على إلى مع حول خلال بشأن عن بين",
    "he": "של עם על בין במהלך עבור לפי",
    "el": "για του της των στο στη στον στην με από κατά μεταξύ",
    "id": "untuk dari di dalam pada dengan tentang selama antara",
}
# Prepositions written as part of the next word: Arabic li-/bi- before the
# article (للـ, بالـ) or a verbal noun (لتعزيز, لمراجعة, لإنجاز) open a complement.
COMPLEMENT_PREFIXES = {"ar": ("لل", "بال", "لت", "لم", "لإ")}
MIN_PREFIXED_WORD = 5  # shorter words starting so are words of their own (لم)
_PHRASE_BREAK = re.compile(r"\s*(?:[,;:(–—،؛]|\s-\s)\s*|[，、；：（]")
MIN_CUT_SHARE = 0.4  # a shortened title keeps at least this much of the limit


def _cut_points(text: str, language: str, limit: int) -> list[int]:
    """Where a phrase ends within ``limit``: before punctuation that separates
    phrases, or before a word that opens a complement."""
    points = [m.start() for m in _PHRASE_BREAK.finditer(text[: limit + 1])]
    words = set(COMPLEMENT_WORDS.get(language, "").replace("_", " ").split())
    prefixes = COMPLEMENT_PREFIXES.get(language, ())
    for match in re.finditer(r"\s(\S+)", text[: limit + 1]):
        word = match.group(1)
        if word.casefold() in words or (word.startswith(prefixes) and len(word) >= MIN_PREFIXED_WORD):
            points.append(match.start())
    return sorted(p for p in points if limit * MIN_CUT_SHARE <= p <= limit)


def shorten(text: str, limit: int = MAX_TITLE_CHARS, language: str = "") -> str:
    """``text`` at most ``limit`` characters long: whole when it fits, else cut
    at the end of its last phrase that fits (no "…": nothing is cut short);
    only a text with no phrase boundary is cut between words, with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    points = _cut_points(text, language, limit)
    if points:
        return text[: points[-1]].rstrip(" ,;:-–—，、；：")
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def quoted_name(paragraphs: tuple[str, ...], language: str = "") -> str | None:
    for paragraph in paragraphs[:LEAD_BLOCKS]:
        for match in _QUOTES.finditer(paragraph):
            quoted = next(group for group in match.groups() if group)
            if len(quoted) >= MIN_QUOTE_CHARS:
                word_before = paragraph[: match.start()].split()[-1:] or [""]
                return base_form(quoted.strip(" .,;:"), word_before[0], language)
    return None


# Determiners of the genitive of masculine and neuter nouns: a name quoted
# after one is inflected (des „Projekts zur …“), and a title needs the base
# form (Projekt zur …).
GENITIVE_DETERMINERS = {"de": {"des", "eines", "dieses", "jenes", "jedes", "seines", "ihres", "unseres"}}


def base_form(name: str, word_before: str, language: str) -> str:
    """``name`` with its first word in its base form when what precedes the
    quote inflects it; a first word that is not a noun is left as it is."""
    if word_before.casefold() not in GENITIVE_DETERMINERS.get(language, ()):
        return name
    first, _, rest = name.partition(" ")
    if not first[:1].isupper():
        return name
    return " ".join(filter(None, [_lemma(first, language), rest]))


def _lemma(word: str, language: str) -> str:
    """The dictionary form of ``word`` (simplemma), or of its last part for a
    compound the dictionary does not hold (Transformationsprojekts ->
    Transformationsprojekt). Only a form that shortens the word is taken,
    so a spelling the dictionary modernizes or changes is never swapped in."""
    import simplemma  # loads its dictionary for a language on first use only

    for start in range(0, len(word) - 3):
        tail = word[start:]
        lemma = simplemma.lemmatize(tail[0].upper() + tail[1:], lang=language)
        if len(lemma) < len(tail) and tail.lower().startswith(lemma.lower()):
            return word[: start + len(lemma)]
    return word


def lead_clause(paragraphs: tuple[str, ...], language: str = "") -> str | None:
    if not paragraphs:
        return None
    sentence = _SENTENCE_END.split(_DATELINE.sub("", paragraphs[0].strip()), 1)[0]
    if language in _SPACE_ENDS_SENTENCE:
        sentence = sentence.split(" ", 1)[0]
    while (comma := _COMMA.search(sentence)) and comma.start() < LEADING_PHRASE_CHARS:
        sentence = sentence[comma.end() :]
    clause = sentence.rstrip(" .!?…:;。！？؟۔।॥")
    return _capitalize(clause) if clause else None


@dataclass(frozen=True)
class TitleView:
    """All a derived title is made of: its digest is the title's cache key,
    so no input can be left out of it (the language was, once: a seed whose
    language metadata.yml changed kept a title cut by the old language's rules)."""

    language: str
    src_uri: str  # the title of a text with no sentence to take one from
    paragraphs: tuple[str, ...]  # the opening ones, where names and the lead are looked for

    @classmethod
    def of(cls, translation: Translation) -> TitleView:
        return cls(translation.language, translation.src_uri, translation.content.paragraphs[:LEAD_BLOCKS])


def derive_title(view: TitleView) -> str:
    title = quoted_name(view.paragraphs, view.language) or lead_clause(view.paragraphs, view.language) or view.src_uri
    return shorten(_capitalize(title), language=view.language)


# Fewer new titles than this are derived here, not in worker processes.
PARALLEL_MIN = 400


@timing.stage("titles")
def assign_titles(reports: list[Report], memo: Memo | None = None) -> list[Report]:
    """Give every translation a title, unique within its language.

    Derived titles are taken from ``memo`` by the digest of their ``TitleView``.
    """
    memo = memo if memo is not None else Memo()
    keys: dict[str, tuple[str, str]] = {}  # src_uri -> its title's key (a text read once)

    def missing() -> Iterator[tuple[tuple[str, str], TitleView]]:
        for report in reports:
            for translation in report.translations:
                if not translation.title:
                    view = TitleView.of(translation)
                    keys[translation.src_uri] = key = ("title", digest_of(view))
                    if not memo.has(key):
                        yield key, view

    parallel.fill(memo, missing(), derive_title, PARALLEL_MIN)

    def derived(translation: Translation) -> str:
        return memo.get_or_compute(keys[translation.src_uri], lambda: derive_title(TitleView.of(translation)))

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
