"""Reading seeds: bytes on disk -> decoded, normalized text.

Scraped files arrive in whatever encoding the scraper used. We accept UTF-8
(with or without BOM), UTF-16 with BOM and Windows-1252, normalize line ends
to ``\\n`` and the text to NFC, and report anything else as a problem instead
of raising.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

from .records import Problem, SeedFile

SEED_SUFFIX = ".txt"
MAX_SEED_BYTES = 5 * 1024 * 1024  # far above any real report; guards memory

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(raw: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise ``ValueError`` with a reason."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ValueError(f"invalid {encoding} after its byte order mark (byte {exc.start})") from None
    if b"\x00" in raw:
        raise ValueError("binary file (contains NUL bytes), not text")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"undecodable bytes: neither UTF-8 nor Windows-1252 (byte {exc.start}: 0x{raw[exc.start]:02x})"
        ) from None


def normalize(text: str) -> str:
    """CRLF/CR -> LF, NFC, and no control characters but tab and newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc"
    )


def read_seed(abs_src_path: Path, src_uri: str) -> SeedFile | Problem:
    """Read one seed, or say in one line why it cannot be used."""
    try:
        size = abs_src_path.stat().st_size
        if size > MAX_SEED_BYTES:
            return Problem(src_uri, f"file too large ({size:,} bytes; the limit is {MAX_SEED_BYTES:,})", severity="error")
        raw = abs_src_path.read_bytes()
    except OSError as exc:
        return Problem(src_uri, f"cannot read file: {exc.strerror or exc}", severity="error")
    try:
        text, encoding = decode(raw)
    except ValueError as exc:
        return Problem(src_uri, str(exc), severity="error")
    text = normalize(text)
    if not text.strip():
        return Problem(src_uri, "empty file (no text)", severity="error")
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SeedFile(src_uri, abs_src_path, text, encoding, content_hash)


def find_seed_paths(seeds_dir: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """All ``*.txt`` seeds below ``seeds_dir``, sorted by ``src_uri``.

    A symlink that resolves outside the seeds folder is refused: a seed
    folder must not become a way to publish arbitrary files.
    """
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    root = seeds_dir.resolve()
    for dirpath, dirnames, filenames in os.walk(seeds_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.endswith(SEED_SUFFIX):
                continue
            path = Path(dirpath) / name
            src_uri = path.relative_to(seeds_dir).as_posix()
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    problems.append(Problem(src_uri, "symlink points outside the seeds folder; skipped", severity="error"))
                    continue
            if not path.is_file():
                problems.append(Problem(src_uri, "not a regular file; skipped", severity="error"))
                continue
            found.append((path, src_uri))
    found.sort(key=lambda item: item[1])
    return found, problems
