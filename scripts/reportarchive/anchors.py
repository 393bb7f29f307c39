"""What survives translation: the anchors that tie a block to its translation.

Numbers (in any digits, with any group separator, and Chinese, Japanese and
Korean ten-thousands: ``1.4万`` is 14,000), and words in Latin letters that
are names or acronyms (``WEP``, ``GlobalFoundries``, ``Bqp.vn``) come through
a translation into any language and script unchanged; the words around them
do not. ``alignment.py`` counts the anchors two blocks share as evidence that
one translates the other.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

# A number: digits, optionally in groups of three after a separator (1,250;
# 1.400; 76 000), optionally with a decimal part (3,2; 1.4), optionally
# followed by a CJK myriad (万 = 10⁴, 亿 = 10⁸) and the digits below it (7万6000).
_NUMBER = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+|\d+)(?:[.,](\d+))?"
    r"(?:\s?([万萬만亿億억])(\d+)?)?"
)
_MYRIADS = {"万": 10**4, "萬": 10**4, "만": 10**4, "亿": 10**8, "億": 10**8, "억": 10**8}
# A word in Latin letters (and the dots of a domain name such as Bqp.vn).
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:\.[A-Za-z]{2,})*")


class _DigitTable(dict[int, str]):
    """For ``str.translate``: a digit of any script -> its ASCII digit, any
    other character -> itself; each worked out the first time it is met (the
    whole table would take a pass over every code point, in each process)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = str(unicodedata.digit(char)) if char.isdigit() else char
        return self[code]


_DIGITS = _DigitTable()


def _ascii_digits(text: str) -> str:
    """Every decimal digit of any script (٢٠٢٤, २०२४, ２０２４) as 0-9."""
    return text if text.isascii() else text.translate(_DIGITS)


def numbers(text: str) -> list[str]:
    """The numbers of ``text`` in one canonical spelling; single digits are
    left out (too common to tell blocks apart)."""
    found = []
    for match in _NUMBER.finditer(_ascii_digits(text)):
        whole, fraction, myriad, below = match.groups()
        whole = re.sub(r"\D", "", whole)
        if myriad:
            value = float(f"{whole}.{fraction or 0}") * _MYRIADS[myriad] + int(below or 0)
            found.append(str(round(value)))
        elif fraction and len(fraction) != 3:
            found.append(f"{int(whole)}.{fraction}")
        else:
            found.append(str(int(whole + (fraction or ""))))
    return [n for n in found if len(n) > 1]


_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")


def _is_latin_script(text: str) -> bool:
    letters = sum(map(str.isalpha, text))
    latin = len(_LATIN_LETTER.findall(text))
    return bool(letters) and latin / letters > 0.8


# What may stand between a sentence's end and its first word.
_BEFORE_A_WORD = " \"'«„“("


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` is the first of its sentence (looking
    back over spaces, quotes and brackets only: not a copy of all before it)."""
    i = start - 1
    while i >= 0 and text[i] in _BEFORE_A_WORD:
        i -= 1
    return i < 0 or text[i] in ".!?:–—-"


def names(text: str) -> list[str]:
    """Words in Latin letters that a translation keeps as they are.

    In a text in another script, every Latin word is one; in a Latin-script
    text, acronyms and words with a capital inside (``VTS``, ``GlobalFoundries``,
    ``Bqp.vn``) and capitalized words that do not open a sentence.
    """
    latin_text = _is_latin_script(text)
    found = []
    for match in _LATIN_WORD.finditer(text):
        word = match.group()
        if len(word) < 2 or (latin_text and word.islower()):  # (a word with no capital is never one there)
            continue
        if latin_text:
            inner_capital = any(map(str.isupper, word[1:]))
            opens_sentence = _opens_sentence(text, match.start())
            if not inner_capital and (not word[0].isupper() or opens_sentence or len(word) < 4):
                continue
        found.append(_fold(word))
    return found


@lru_cache(maxsize=4096)
def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=4096)
def of(text: str) -> Counter[str]:
    """Every anchor of ``text``, counted; numbers are kept apart from names
    (``#2024``), as only numbers are trusted to contradict. Kept for the
    texts seen last: a block is aligned with each other version of its
    report. (Read only: the same counter is returned each time.)"""
    return Counter([f"#{n}" for n in numbers(text)] + names(text))
