"""Sitemaps within the protocol's limits: 50,000 URLs and 50 MB a file.

MkDocs writes each language's ``sitemap.xml`` (``docs/overrides/sitemap.xml``).
A language with more URLs than one file may hold has them split, in order,
into ``sitemap-1.xml``, ``sitemap-2.xml`` … beside it, and its ``sitemap.xml``
(and ``sitemap.xml.gz``) becomes an index of those parts. The site's root
``sitemap.xml`` is an index of every language's sitemap files: the parts of a
split language themselves, since an index may not list another index
(sitemaps.org). ``robots.txt`` names the root index when the site has an address.
"""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Iterable
from pathlib import Path

MAX_URLS = 50_000
MAX_BYTES = 50_000_000  # uncompressed
SITEMAP = "sitemap.xml"
_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
_URL = re.compile(r"\s*<url>.*?</url>", re.S)


def split(language_dir: Path, base: str) -> list[str]:
    """Split ``language_dir``'s sitemap when it is over the limits; the names
    of the files that now list its URLs (``base``: the language folder's
    address, absolute or relative, for the index)."""
    path = language_dir / SITEMAP
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    old_parts = sorted(language_dir.glob("sitemap-*.xml"), key=lambda part: int(part.stem.split("-")[1]))
    if "<sitemapindex" in text:  # split by an earlier build, and not rendered again since (a live preview)
        return [part.name for part in old_parts]
    for part in old_parts:  # rendered again by MkDocs: parts of an earlier split are stale
        part.unlink()
    urls = _URL.findall(text)
    if len(urls) <= MAX_URLS and len(text.encode("utf-8")) <= MAX_BYTES:
        return [SITEMAP]
    head, tail = text[: text.index(urls[0])], text[text.rindex(urls[-1]) + len(urls[-1]) :]
    names = []
    for number, run in enumerate(_parts(urls, MAX_BYTES - len((head + tail).encode("utf-8"))), start=1):
        name = f"sitemap-{number}.xml"
        (language_dir / name).write_text(head + "".join(run) + tail, encoding="utf-8")
        names.append(name)
    index = index_xml(f"{base}{name}" for name in names)
    path.write_text(index, encoding="utf-8")
    _write_gzip(language_dir / (SITEMAP + ".gz"), index.encode("utf-8"))
    return names


def _parts(urls: list[str], room: int) -> list[list[str]]:
    """``urls`` in runs of at most MAX_URLS entries and ``room`` bytes."""
    parts: list[list[str]] = [[]]
    size = 0
    for url in urls:
        length = len(url.encode("utf-8"))
        if parts[-1] and (len(parts[-1]) == MAX_URLS or size + length > room):
            parts.append([])
            size = 0
        parts[-1].append(url)
        size += length
    return parts


def index_xml(locations: Iterable[str]) -> str:
    entries = "".join(f"<sitemap><loc>{location}</loc></sitemap>" for location in locations)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{_NAMESPACE}">{entries}</sitemapindex>\n'


def write_index(site_dir: Path, files: dict[str, list[str]], root: str | None) -> None:
    """The root index: every language's sitemap files (``files``: language ->
    names), absolute with the site's address, else relative to the root."""
    locations = [f"{root or ''}{code}/{name}" for code, names in files.items() for name in names]
    (site_dir / SITEMAP).write_text(index_xml(locations), encoding="utf-8")


def _write_gzip(path: Path, data: bytes) -> None:
    # Dated like everything else the build stamps (SOURCE_DATE_EPOCH): builds stay reproducible.
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    path.write_bytes(gzip.compress(data, mtime=mtime))
