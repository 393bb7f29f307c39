"""Immutable records that flow between the build stages.

Naming follows MkDocs: ``src_uri`` is a seed's path relative to the seeds
folder (always with forward slashes), ``abs_src_path`` its absolute path on
disk, ``dest_uri`` a generated file's path relative to the docs folder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, reported as a single line."""

    src_uri: str
    message: str
    line: int | None = None
    severity: str = "warning"  # "warning" builds anyway; "error" skips the seed

    def __str__(self) -> str:
        where = self.src_uri if self.line is None else f"{self.src_uri}:{self.line}"
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class SeedFile:
    """A seed as read from disk: decoded, normalized text."""

    src_uri: str
    abs_src_path: Path
    text: str
    encoding: str
    content_hash: str


@dataclass(frozen=True)
class Block:
    """One unit of a report's body, in reading order."""

    kind: str  # "paragraph" or "caption"
    text: str
    line: int  # first line of the seed it came from (1-based)


# Chinese and Japanese are counted as their readers count them: a character a word.
_CHARACTER_WORDS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


# A run of non-space characters with a letter or digit in it (found from its start only).
_CHUNK_WITH_ALNUM = re.compile(r"(?<!\S)\S*?[^\W_]\S*")


def count_words(text: str) -> int:
    """Every Chinese or Japanese character, and every run of non-space
    characters with a letter or digit among the others (one pass of two
    regular expressions over the whole text: counting is in every build's path)."""
    return len(_CHARACTER_WORDS.findall(text)) + len(_CHUNK_WITH_ALNUM.findall(_CHARACTER_WORDS.sub("", text)))


@dataclass(frozen=True)
class CleanedSeed:
    """A seed with its debris removed and its metadata lines taken out."""

    src_uri: str
    # Once cleaned, a seed's blocks are kept in the seeds memo, not in memory
    # (caching/stored.py): a sequence that reads them back when iterated.
    blocks: Sequence[Block]
    source_url: str | None = None
    source_line: int | None = None
    byline: str | None = None
    problems: tuple[Problem, ...] = ()
    # Counted from the blocks when the record is made with them (a tuple); a
    # record whose blocks are stored elsewhere is given the count it had.
    word_count: int = field(default=-1, compare=False, repr=False)
    # Identifies the record for the build's caches (the seed, its text and the
    # code that cleaned it); "" when made by hand.
    digest: str = field(default="", compare=False, repr=False)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "paragraph")

    @property
    def captions(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "caption")

    def __post_init__(self) -> None:
        if isinstance(self.blocks, tuple) or self.word_count < 0:
            object.__setattr__(self, "word_count", sum(count_words(b.text) for b in self.blocks))


@dataclass(frozen=True)
class Detection:
    """The language a text is written in, as an ISO 639-1 code."""

    language: str | None
    confidence: float


@dataclass(frozen=True)
class SeedMetadata:
    """Overrides for one seed, from the sidecar metadata file."""

    language: str | None = None
    title: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD)
    source: str | None = None  # the report's source URL, when the seed's own line is missing or not recognized
    byline: str | None = None


@dataclass(frozen=True)
class Translation:
    """One language version of a report."""

    src_uri: str
    language: str
    confidence: float
    language_source: str  # "detected" or "metadata"
    content: CleanedSeed
    title: str = ""
    title_source: str = ""  # "metadata" or "derived"
    date: str | None = None  # ISO 8601 (YYYY-MM-DD)
    date_source: str = ""  # "metadata", "text" or "added" (dates.SOURCES)
    date_words: str = ""  # for a date from the text: the words it was read from

    @property
    def word_count(self) -> int:
        return self.content.word_count


@dataclass(frozen=True)
class Report:
    """One article, in every language it exists in."""

    slug: str
    source_url: str | None
    translations: tuple[Translation, ...] = field(default_factory=tuple)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(t.language for t in self.translations)

    def translation(self, language: str) -> Translation | None:
        for candidate in self.translations:
            if candidate.language == language:
                return candidate
        return None

    def version(self, language: str) -> Translation:
        """The translation in ``language``, which the report is known to have."""
        translation = self.translation(language)
        if translation is None:
            raise KeyError(f"{self.slug} has no {language} version")
        return translation


@dataclass(frozen=True)
class OutputFile:
    """A generated file, relative to the docs folder.

    ``digest`` names its content in the build's store of generated files
    (``writer.Store``); a file taken from the build's caches has only that
    (``content`` is ``None``) and is linked from the store.
    """

    dest_uri: str
    content: str | None
    digest: str = ""
