"""Reading seeds: bytes on disk -> decoded, normalized text.

Scraped files arrive in whatever encoding the scraper used. We accept UTF-8
(with or without BOM), UTF-16 with BOM and Windows-1252, normalize line ends
to ``\\n`` and the text to NFC, and report anything else as a problem instead
of raising: one ``Problem`` naming the file (and the line, when there is one).

Invisible characters that could make the published text say something other
than it seems are removed here, before any other stage sees the text (see
``strip_deceptive``): bidirectional embeddings, overrides and isolates
(U+202A-U+202E, U+2066-U+2069), which can reorder what is displayed
("Trojan Source"), and zero-width characters (U+200B, U+2060, U+FEFF inside
the text, U+180E, U+2061-U+2064, U+FFF9-U+FFFB, and tag characters outside
an emoji flag), which can hide text or split a word so search misses it. The
zero-width joiner and non-joiner (U+200C, U+200D) are kept where a script or
an emoji needs them (after a letter that is not Latin, Greek or Cyrillic, a
combining mark or a symbol, and before another character) and removed
elsewhere. Left-to-right and right-to-left marks (U+200E, U+200F, U+061C)
only nudge neutral characters and stay. The text is shown exactly as it then
reads: nothing of it is hidden, and nothing is reordered.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Collection
from pathlib import Path
from typing import BinaryIO

from .records import Problem, SeedFile

SEED_SUFFIX = ".txt"
MAX_SEED_BYTES = 5 * 1024 * 1024  # far above any real report; guards memory

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


# Control bytes that no text file carries (tab, LF, VT, FF, CR and ESC aside).
_BINARY_BYTES = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f\x7f]")
BINARY_SHARE = 0.01  # more control bytes than this share of the file: binary
# A UTF-8 multi-byte sequence: a file that has one was meant to be UTF-8.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


class DecodeError(ValueError):
    """Why the bytes of a seed are not text; ``line`` is 1-based, if known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def _line_at(raw: bytes, offset: int, encoding: str = "utf-8") -> int:
    return raw[:offset].decode(encoding, errors="replace").count("\n") + 1


def decode(raw: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise ``DecodeError`` (a ``ValueError``) with a reason."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"invalid {encoding} after its byte order mark (byte {exc.start})",
                    _line_at(raw, exc.start, "utf-8" if encoding == "utf-8-sig" else encoding),
                ) from None
    if b"\x00" in raw:
        even, odd = raw[0::2].count(0), raw[1::2].count(0)
        half = len(raw) // 2 or 1
        if max(even, odd) > 0.4 * half and min(even, odd) < 0.05 * half:  # every other byte NUL: UTF-16 text
            raise DecodeError("binary file (contains NUL bytes); UTF-16 needs a byte order mark")
        raise DecodeError("binary file (contains NUL bytes), not text")
    if len(_BINARY_BYTES.findall(raw)) > max(8, len(raw) * BINARY_SHARE):
        raise DecodeError("binary file (control bytes throughout), not text")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _UTF8_SEQUENCE.search(raw):
        # UTF-8 with a broken byte: read as Windows-1252 it would publish mojibake.
        start = utf8_error.start
        raise DecodeError(
            f"invalid UTF-8 (byte {start}: 0x{raw[start]:02x}); save the file as UTF-8",
            _line_at(raw, start),
        )
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"undecodable bytes: neither UTF-8 nor Windows-1252 (byte {exc.start}: 0x{raw[exc.start]:02x})",
            _line_at(raw, exc.start),
        ) from None


_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = "\u200b\u2060\ufeff\u180e\u2061\u2062\u2063\u2064\ufff9\ufffa\ufffb"
_DROP_RE = re.compile(f"[{_BIDI_CONTROLS}{_INVISIBLE}]")
# Tag characters are only meaningful in an emoji flag: U+1F3F4, tags, U+E007F.
_TAG_RE = re.compile("(\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f)|[\U000e0000-\U000e007f]")
_JOINERS = "\u200c\u200d"
# Paragraph and line separators other than LF: a line break, not nothing.
# Every control character (Unicode category Cc) but tab and newline.
_CONTROLS_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BREAKS_RE = re.compile("[\x0b\x0c\x85\u2028\u2029]")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"})


def _joiner_needed(before: str, after: str) -> bool:
    if not before or not after or before.isspace() or after.isspace() or before.isascii():
        return False
    if before in _JOINERS:
        return False
    category = unicodedata.category(before)
    if category[0] in "MS":  # a virama or a variation selector; an emoji or a skin tone
        return True
    name = unicodedata.name(before, "")
    return category[0] == "L" and not name.startswith(("LATIN", "GREEK", "CYRILLIC"))


def strip_deceptive(text: str) -> str:
    """Remove invisible characters that reorder or hide text (see the module doc)."""
    text = _DROP_RE.sub("", text)
    text = _TAG_RE.sub(lambda m: m.group(1) or "", text)
    if not any(j in text for j in _JOINERS):
        return text
    kept: list[str] = []
    for i, ch in enumerate(text):
        if ch in _JOINERS and not _joiner_needed(kept[-1] if kept else "", text[i + 1 : i + 2]):
            continue
        kept.append(ch)
    return "".join(kept)


def normalize(text: str) -> str:
    """CRLF/CR/VT/FF/NEL/U+2028 -> LF, U+2029 -> a blank line, no deceptive
    invisible characters, NFC, and no control characters but tab and newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _BREAKS_RE.search(text):  # rare; translate() is slow on long texts
        text = text.translate(_BREAKS)
    text = unicodedata.normalize("NFC", strip_deceptive(text))
    return _CONTROLS_RE.sub("", text)


def read_bytes(abs_src_path: Path, src_uri: str) -> bytes | Problem:
    """A seed's raw bytes, or in one line why they cannot be read."""
    try:
        with open(abs_src_path, "rb", buffering=0) as handle:  # unbuffered: one read, no copy
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_SEED_BYTES:
                return Problem(
                    src_uri, f"file too large ({size:,} bytes; the limit is {MAX_SEED_BYTES:,})", severity="error"
                )
            # Read what stat() said (not the limit: that would allocate it for
            # every seed), and then, as the file may have grown, up to the limit.
            raw = _read_up_to(handle, size + 1)
            if len(raw) > size:
                raw += _read_up_to(handle, MAX_SEED_BYTES + 1 - len(raw))
        if len(raw) > MAX_SEED_BYTES:
            return Problem(src_uri, f"file too large (more than {MAX_SEED_BYTES:,} bytes)", severity="error")
    except OSError as exc:
        return Problem(src_uri, f"cannot read file: {exc.strerror or exc}", severity="error")
    return raw


def _read_up_to(handle: BinaryIO, count: int) -> bytes:
    """``count`` bytes, or fewer at the end of the file: an unbuffered read
    may return less than asked (network and FUSE file systems do)."""
    data: bytes = handle.read(count)
    while 0 < len(data) < count:
        more = handle.read(count - len(data))
        if not more:
            break
        data += more
    return data


def decode_seed(raw: bytes, abs_src_path: Path, src_uri: str) -> SeedFile | Problem:
    """A seed's text from its bytes, or in one line why it cannot be used."""
    if not raw:
        return Problem(src_uri, "empty file (0 bytes)", severity="error")
    try:
        text, encoding = decode(raw)
    except DecodeError as exc:
        return Problem(src_uri, str(exc), exc.line, severity="error")
    text = normalize(text)
    if not text.strip():
        return Problem(src_uri, "empty file (only whitespace or invisible characters)", severity="error")
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SeedFile(src_uri, abs_src_path, text, encoding, content_hash)


def read_seed(abs_src_path: Path, src_uri: str) -> SeedFile | Problem:
    """Read one seed, or say in one line why it cannot be used."""
    raw = read_bytes(abs_src_path, src_uri)
    return raw if isinstance(raw, Problem) else decode_seed(raw, abs_src_path, src_uri)


def _refusal(entry: os.DirEntry[str], src_uri: str, root: Path) -> Problem | None:
    """Why a ``*.txt`` entry cannot be a seed: a name that is not UTF-8, a
    symlink out of the seeds folder, not a regular file; None when it can."""
    if not _valid_utf8(src_uri):
        shown = src_uri.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        return Problem(shown, "file name is not valid UTF-8; rename the file; skipped", severity="error")
    # os.path.realpath never raises, not even on a symlink loop.
    if entry.is_symlink() and not Path(os.path.realpath(entry.path)).is_relative_to(root):
        return Problem(src_uri, "symlink points outside the seeds folder; skipped", severity="error")
    try:
        regular = entry.is_file()
    except OSError:  # a symlink loop
        regular = False
    if not regular:
        message = "not a regular file (a broken or looping symlink, a pipe, …); skipped"
        return Problem(src_uri, message, severity="error")
    return None


def find_seed_paths(
    seeds_dir: Path, only: Collection[str] | None = None
) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """All ``*.txt`` seeds below ``seeds_dir`` (``only`` those named), sorted by ``src_uri``.

    A symlink that resolves outside the seeds folder is refused: a seed
    folder must not become a way to publish arbitrary files.
    """
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    root = Path(os.path.realpath(seeds_dir))
    folders = [(Path(seeds_dir), "")]
    while folders:  # os.scandir: the kinds of entries come with the listing, no stat each
        folder, prefix = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:  # unreadable, or gone while listing: the other seeds still build
            if not prefix:  # seeds/ itself: nothing can build (and docs/ must not be emptied)
                raise
            problems.append(Problem(prefix.rstrip("/"), f"cannot read folder: {exc.strerror or exc}; skipped"))
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            src_uri = prefix + name
            if entry.is_dir(follow_symlinks=False):
                folders.append((Path(entry.path), src_uri + "/"))
                continue
            if only is not None and src_uri not in only:
                continue
            if not name.endswith(SEED_SUFFIX):
                if name.lower().endswith(SEED_SUFFIX):
                    problems.append(
                        Problem(src_uri, f"not a seed: the name must end in '{SEED_SUFFIX}' (lower case); skipped")
                    )
                continue
            refused = _refusal(entry, src_uri, root)
            if refused is not None:
                problems.append(refused)
                continue
            path = Path(entry.path)
            found.append((path, src_uri))
    found.sort(key=lambda item: item[1])
    return found, problems


def _valid_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
        return True
    except UnicodeEncodeError:  # undecodable bytes in the name, as surrogate escapes
        return False
