"""The archive's own interface strings, and language names.

Strings exist for a few languages in ``strings.json``; any other language
gets English, key by key. Language names come from Babel's CLDR data, so a
seed in a language the site never had still gets a proper name.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.plural import PluralRule

FALLBACK_LANGUAGE = "en"
STRINGS_FILE = Path(__file__).with_name("strings.json")
# Read as the code is, once: the build's caches are labelled with the strings
# this process uses, even when the file is edited while a preview runs.
STRINGS_BYTES = STRINGS_FILE.read_bytes()


# A string, or its forms by CLDR plural category for strings that count.
Entry = str | dict[str, str]


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, Entry]]:
    table: dict[str, dict[str, Entry]] = json.loads(STRINGS_BYTES.decode("utf-8"))
    return table


def translated_languages() -> tuple[str, ...]:
    return tuple(sorted(_table()))


def text(lang: str, key: str, **values: object) -> str:
    """The string ``key`` in ``language`` (English when missing), formatted.

    A string that counts something ({count}) has a form per CLDR plural
    category of its language ("one", "few", "many", "other" …): the form for
    ``count`` is chosen by that language's rules (Babel).
    """
    source = _source(lang, key)
    template = _table()[source][key]
    count = values.get("count", 0)
    if isinstance(template, dict):
        template = template.get(
            plural_category(source, count if isinstance(count, int | float) else 0), template["other"]
        )
    if "count" in values and isinstance(count, int):  # digits grouped as the language groups them
        values = {**values, "count": _number_format(lang)(count)}
    return template.format(**values)


@cache
def _number_format(lang: str) -> Callable[[int], str]:
    from babel.numbers import format_decimal

    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse(FALLBACK_LANGUAGE)
    return lambda number: str(format_decimal(number, locale=locale))


def forms(lang: str, key: str) -> tuple[str, dict[str, str]]:
    """The plural forms of ``key`` and the language whose rules choose among them
    (for the browser, which picks with Intl.PluralRules)."""
    source = _source(lang, key)
    entry = _table()[source][key]
    return source, entry if isinstance(entry, dict) else {"other": entry}


def _source(lang: str, key: str) -> str:
    """The language whose string ``key`` is used for ``lang``: itself, else English."""
    return lang if key in _table().get(lang, {}) else FALLBACK_LANGUAGE


@cache
def _plural_rule(lang: str) -> PluralRule:
    try:
        return Locale.parse(lang).plural_form
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK_LANGUAGE).plural_form


def plural_category(lang: str, count: float) -> str:
    category: str = _plural_rule(lang)(count)
    return category


@cache
def language_name(code: str, in_language: str | None = None) -> str:
    """``language_name('de')`` -> 'Deutsch'; ``language_name('de', 'fr')`` -> 'allemand'."""
    try:
        name = Locale.parse(code).get_language_name(in_language or code)
    except (UnknownLocaleError, ValueError):
        name = None
    if not name:
        return code
    return name[:1].upper() + name[1:] if in_language is None else name


@cache
def direction(code: str) -> str:
    """'rtl' for right-to-left scripts (Arabic, Hebrew, …), else 'ltr'."""
    try:
        order = Locale.parse(code).character_order
    except (UnknownLocaleError, ValueError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


@lru_cache(maxsize=4096)  # an archive's days repeat: every report added by one commit has its day
def date(lang: str, iso: str) -> str:
    """A day as the language writes it in running text (CLDR's long format:
    '16 septembre 2024', '16 вересня 2024 р.', '2024年9月16日'); the ISO day
    itself for a language Babel does not know."""
    return _date_format(lang)(iso)


@cache
def _date_format(lang: str) -> Callable[[str], str]:
    import datetime

    from babel.dates import format_date

    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return lambda iso: iso
    return lambda iso: str(format_date(datetime.date.fromisoformat(iso), format="long", locale=locale))
