"""The archive's own interface strings, and language names.

Strings exist for a few languages in ``strings.json``; any other language
gets English, key by key. Language names come from Babel's CLDR data, so a
seed in a language the site never had still gets a proper name.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

FALLBACK_LANGUAGE = "en"
STRINGS_FILE = Path(__file__).with_name("strings.json")
# Read as the code is, once: the build's caches are labelled with the strings
# this process uses, even when the file is edited while a preview runs.
STRINGS_BYTES = STRINGS_FILE.read_bytes()


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    return json.loads(STRINGS_BYTES.decode("utf-8"))


def translated_languages() -> tuple[str, ...]:
    return tuple(sorted(_table()))


def text(lang: str, key: str, **values: object) -> str:
    """The string ``key`` in ``language`` (English when missing), formatted."""
    table = _table()
    template = table.get(lang, {}).get(key) or table[FALLBACK_LANGUAGE][key]
    return template.format(**values)


@lru_cache(maxsize=None)
def language_name(code: str, in_language: str | None = None) -> str:
    """``language_name('de')`` -> 'Deutsch'; ``language_name('de', 'fr')`` -> 'allemand'."""
    try:
        name = Locale.parse(code).get_language_name(in_language or code)
    except (UnknownLocaleError, ValueError):
        name = None
    if not name:
        return code
    return name[:1].upper() + name[1:] if in_language is None else name


@lru_cache(maxsize=None)
def direction(code: str) -> str:
    """'rtl' for right-to-left scripts (Arabic, Hebrew, …), else 'ltr'."""
    try:
        order = Locale.parse(code).character_order
    except (UnknownLocaleError, ValueError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"
