"""Cleaning scraped text: one small function per kind of debris.

``clean()`` runs them in order over numbered lines, so every problem can name
the line it came from. Each fixer takes and returns a list of ``Line``; none
of them loses a word of the body: debris is either dropped (it carries no
text: ``![]()``, comment counters) or moved into metadata (source, byline)
or marked as a caption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .records import Block, CleanedSeed, Problem

# Labels seen in front of the source URL, in the languages scrapers meet most.
# Any other single label works too when the line is among the last few.
SOURCE_LABELS = (
    "source",
    "sources",
    "fonte",
    "fuente",
    "quelle",
    "джерело",
    "источник",
    "nguồn",
    "źródło",
    "bron",
    "kilde",
    "källa",
    "lähde",
    "πηγή",
    "kaynak",
    "forrás",
    "zdroj",
    "izvor",
    "sursa",
    "fonti",
    "origem",
    "original",
    "link",
    "url",
    "出典",
    "来源",
    "출처",
)
BYLINE_LABELS = (
    "actualités et photos",
    "texte et photos",
    "texte et photo",
    "notícias e fotos",
    "texto e fotos",
    "texto e foto",
    "neuigkeiten und fotos",
    "text und fotos",
    "text und foto",
    "текст і фото",
    "текст и фото",
    "новини та фото",
    "news and photos",
    "text and photos",
    "story and photos",
    "texto y fotos",
    "noticias y fotos",
    "tin và ảnh",
    "bài và ảnh",
    "bài, ảnh",
    "testo e foto",
    "tekst i zdjęcia",
    "tekst en foto's",
)
TAIL_LINES = 4  # metadata lines with an unknown label are only trusted this close to the end

_URL = r"(?P<url>[A-Za-z][A-Za-z0-9+.-]*:\S+)"
# A colon in any script's typography: ASCII, full-width (Chinese, Japanese), small.
_COLON = "[:：﹕]"
_NOT_COLON = "[^:：﹕]"
# Shapes, not words: a short label, a colon, then a URL (source) or names (byline).
_SOURCE_RE = re.compile(r"^(?P<label>[^\W\d_]" + _NOT_COLON + r"{0,30}?)\s*" + _COLON + r"\s*" + _URL + r"$")
_BYLINE_RE = re.compile(r"^(?P<label>[^\W\d_]" + _NOT_COLON + r"{1,40}?)\s*" + _COLON + r"\s*(?P<name>\S.{0,80})$")
# "Comment (0)", "Коментар (0)", "评论（0）", "تعليقات (0)": a word or two and a count in brackets.
# (A word: a letter, then anything but spaces, digits, brackets and ASCII
# punctuation other than - ' . : Thai and Devanagari words hold combining marks.)
_COMMENT_COUNTER_RE = re.compile(r"^(?:[^\W\d_][^\s\d()（）!\"#$%&*+,/:;<=>?@\[\\\]^_`{|}~]* ?){1,2}[(（]\d+[)）]$")
NO_SOURCE = "no source line"
_EMPTY_IMAGE_RE = re.compile(r"!\[\s*\]\(\s*\)")
_SPACES_RE = re.compile(r"[ \t]+")
_SENTENCE_BREAK_RE = re.compile(r"[.!?…]\s+\S")

CAPTION_MAX_CHARS = 140  # a longer unmarked paragraph is body text
WRAPPED_LINE_CHARS = (40, 100)  # hard-wrapped lines fall in this width range


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line in the seed
    text: str
    caption: bool = False  # marked as a photo caption


def split_lines(text: str) -> list[Line]:
    return [Line(i, t) for i, t in enumerate(text.split("\n"), start=1)]


def _with_text(line: Line, text: str) -> Line:
    """``line`` with ``text`` (itself when unchanged: most lines are, and a new record is not free)."""
    return line if text == line.text else Line(line.number, text, line.caption)


def strip_whitespace(lines: list[Line]) -> list[Line]:
    """Indentation is layout debris (and would turn into code blocks)."""
    return [_with_text(line, _SPACES_RE.sub(" ", line.text).strip()) for line in lines]


def remove_empty_images(lines: list[Line]) -> list[Line]:
    """``![]()`` is an image whose address the scraper lost: nothing to keep."""
    return [_with_text(line, _EMPTY_IMAGE_RE.sub("", line.text).strip()) for line in lines]


def mark_pipe_captions(lines: list[Line]) -> list[Line]:
    """``| caption |``, ``| caption`` and ``caption |`` rows are photo captions."""
    marked = []
    for line in lines:
        if _is_pipe_row(line):
            text = line.text.strip("|").strip()
            marked.append(Line(line.number, text, caption=bool(text)))
        else:
            marked.append(line)
    return marked


def drop_comment_counters(lines: list[Line]) -> list[Line]:
    """``Comment (0)``, ``Kommentar (0)``, ``Коментар (0)``: page furniture."""
    return [line for line in lines if not _COMMENT_COUNTER_RE.match(line.text)]


def _tail_numbers(lines: list[Line], count: int) -> set[int]:
    text_lines = [line.number for line in lines if line.text]
    return set(text_lines[-count:])


def take_source(lines: list[Line]) -> tuple[list[Line], str | None, int | None, list[str]]:
    """The last ``Label: URL`` line becomes the report's source."""
    tail = _tail_numbers(lines, TAIL_LINES)
    found: list[tuple[Line, str]] = []
    for line in lines:
        match = _SOURCE_RE.match(line.text)
        if match and (match["label"].strip().lower() in SOURCE_LABELS or line.number in tail):
            found.append((line, match["url"]))
    if not found:
        return lines, None, None, []
    source_line, url = found[-1]
    notes = [f"line {line.number}: another source line, kept as text" for line, _ in found[:-1]]
    kept = [line for line in lines if line.number != source_line.number]
    return kept, url, source_line.number, notes


def take_byline(lines: list[Line]) -> tuple[list[Line], str | None]:
    """``Actualités et photos : NAME`` (and kin) becomes the byline."""
    tail = _tail_numbers(lines, TAIL_LINES)
    for line in reversed(lines):
        match = _BYLINE_RE.match(line.text)
        if not match:
            continue
        label, name = match["label"].strip().lower(), match["name"].strip()
        known = label in BYLINE_LABELS
        if known or (line.number in tail and _looks_like_names(name)):
            return [x for x in lines if x.number != line.number], name
    return lines, None


def _looks_like_names(text: str) -> bool:
    """Bylines name people: in capitals where the script has them ("MINH
    MANH"); where it has none (Arabic, Chinese …), a short phrase with no
    sentence punctuation ("张伟", "أحمد علي"), not a quoted remark."""
    if not any(c.isalpha() for c in text):
        return False
    if any(c.isupper() or c.islower() for c in text):
        return text == text.upper()
    return len(text) <= 30 and not any(mark in text for mark in '。．！？!?，、；;،؛«»“”"')


def _is_hard_wrapped(block: list[Line]) -> bool:
    low, high = WRAPPED_LINE_CHARS
    return len(block) > 1 and all(low <= len(line.text) <= high for line in block[:-1])


def assemble_blocks(lines: list[Line]) -> list[Block]:
    """Group lines into paragraphs.

    Some seeds separate paragraphs by blank lines, others put one paragraph
    per line. A run of lines without blank lines is one paragraph only when
    it looks hard-wrapped; otherwise every line is a paragraph of its own.
    """
    runs: list[list[Line]] = [[]]
    for line in lines:
        if not line.text:
            runs.append([])
        elif line.caption:
            runs.extend([[line], []])
        else:
            runs[-1].append(line)
    blocks: list[Block] = []
    for run in filter(None, runs):
        if run[0].caption:
            blocks.append(Block("caption", run[0].text, run[0].number))
        elif _is_hard_wrapped(run):
            blocks.append(Block("paragraph", " ".join(line.text for line in run), run[0].number))
        else:
            blocks.extend(Block("paragraph", line.text, line.number) for line in run)
    return blocks


def _looks_like_caption(text: str) -> bool:
    return (
        len(text) <= CAPTION_MAX_CHARS
        and not _SENTENCE_BREAK_RE.search(text)
        and not any(mark in text for mark in ':;«»"“”„')
        and text[-1:] in (".", "…")
    )


def _is_pipe_row(line: Line) -> bool:
    return line.text.startswith("|") or line.text.endswith("|")


def mark_caption_like_paragraphs(blocks: list[Block], seed_marks_captions: bool) -> list[Block]:
    """Seeds without ``|`` marks still carry captions: short one-sentence lines.

    Only used when the seed has no ``|`` row at all (a scraper that marks
    some captions marks them all), and never on the lead paragraph.
    """
    if seed_marks_captions:
        return blocks
    return [
        replace(block, kind="caption") if i > 0 and _looks_like_caption(block.text) else block
        for i, block in enumerate(blocks)
    ]


def clean(src_uri: str, text: str, digest: str = "") -> CleanedSeed:
    lines = split_lines(text)
    for fixer in (strip_whitespace, remove_empty_images, drop_comment_counters):
        lines = fixer(lines)
    lines, source_url, source_line, notes = take_source(lines)
    lines, byline = take_byline(lines)
    seed_marks_captions = any(_is_pipe_row(line) for line in lines)
    lines = mark_pipe_captions(lines)
    blocks = mark_caption_like_paragraphs(assemble_blocks(lines), seed_marks_captions)
    problems = [Problem(src_uri, note) for note in notes]
    if source_url is None:
        problems.append(
            Problem(
                src_uri,
                f"{NO_SOURCE} (a last line such as 'Source: https://…'), so the report stands alone; "
                "if it has one, give it in seeds/metadata.yml ('source: https://…')",
            )
        )
    if not any(block.kind == "paragraph" for block in blocks):
        problems.append(Problem(src_uri, "no body text left after cleaning", severity="error"))
    return CleanedSeed(src_uri, tuple(blocks), source_url, source_line, byline, tuple(problems), digest=digest)
