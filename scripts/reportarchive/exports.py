"""Exports of the whole corpus, downloadable from the site.

- ``archive.tmx.gz``: the aligned translations of every report as TMX 1.4
  (the translation-memory format CAT tools import), one translation unit per
  aligned pair of every two languages of a report (named
  ``<slug>/<a>-<b>/<number>``); blocks without a counterpart are left out.
- ``archive.json.gz``: every report with its metadata and paragraphs,
  described by ``archive.schema.json`` (JSON Schema, draft 2020-12).

Both are gzip-compressed (a sixth of their size: the exports were the largest
part of the site) as a series of gzip members, one per report, which every
gzip reader decompresses as one stream (RFC 1952, 2.2). A report's member is
compressed once and cached with its records; writing an export is then a
concatenation, so editing one report never compresses the archive again.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape, quoteattr

from . import layout, timing
from .caching.digests import report_digests
from .caching.files import write_atomically
from .caching.memo import Memo
from .compare import alignments
from .records import Block, Report

TMX_FILE, JSON_FILE, SCHEMA_FILE = (layout.EXPORT_FILES[kind] for kind in ("tmx", "json", "schema"))
TOOL = "report-archive"
TOOL_VERSION = "1"
JSON_FORMAT_VERSION = 2  # 2: each version's date_source and date_words


def _seg(blocks: Iterable[Block]) -> str:
    return escape(" ".join(block.text for block in blocks))


def tmx_units(report: Report) -> str:
    """The translation units of one report: one per aligned pair of every two
    languages, ordered by where they fall in the text rather than pair after
    pair, so that a paragraph's copies in its several pairs stand close
    together and gzip's 32 KB window finds them (a fifth less compressed)."""
    units = []
    for key, pairs in alignments(report).items():
        a, b = key.split("|")
        left, right = report.version(a).content.blocks, report.version(b).content.blocks
        for number, pair in enumerate(pairs, start=1):
            if not pair.matched:
                continue
            kind = left[pair.left[0]].kind
            unit = (
                f'    <tu tuid={quoteattr(f"{report.slug}/{a}-{b}/{number}")} segtype="paragraph">\n'
                f'      <prop type="x-report">{escape(report.slug)}</prop>\n'
                f'      <prop type="x-kind">{kind}</prop>\n'
                + (f'      <prop type="x-source">{escape(report.source_url)}</prop>\n' if report.source_url else "")
                + f'      <tuv xml:lang="{a}"><seg>{_seg(left[i] for i in pair.left)}</seg></tuv>\n'
                f'      <tuv xml:lang="{b}"><seg>{_seg(right[j] for j in pair.right)}</seg></tuv>\n'
                "    </tu>\n"
            )
            units.append((number / len(pairs), key, unit))
    return "".join(unit for *_, unit in sorted(units))


TMX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
    '<tmx version="1.4">\n'
    f'  <header creationtool="{TOOL}" creationtoolversion="{TOOL_VERSION}" segtype="paragraph"'
    f' o-tmf="{TOOL}" adminlang="en" srclang="*all*" datatype="plaintext"/>\n'
    "  <body>\n"
)
TMX_TAIL = "  </body>\n</tmx>\n"


def tmx(reports: list[Report]) -> str:
    """The whole TMX document, uncompressed."""
    return TMX_HEAD + "".join(tmx_units(report) for report in reports) + TMX_TAIL


def corpus_entry(report: Report) -> dict[str, Any]:
    return {
        "slug": report.slug,
        "source": report.source_url,
        "translations": [
            {
                "language": t.language,
                "language_confidence": t.confidence,
                "language_source": t.language_source,
                "title": t.title,
                "title_source": t.title_source,
                "date": t.date,
                "date_source": t.date_source or None,
                "date_words": t.date_words or None,
                "byline": t.content.byline,
                "source": t.content.source_url,
                "seed": t.src_uri,
                "blocks": [{"kind": b.kind, "text": b.text} for b in t.content.blocks],
            }
            for t in report.translations
        ],
    }


def corpus(reports: list[Report]) -> dict[str, Any]:
    return {"format": "report-archive", "version": JSON_FORMAT_VERSION, "reports": [corpus_entry(r) for r in reports]}


def corpus_entry_json(report: Report) -> str:
    """One report as it stands in ``archive.json``'s list (indented two levels)."""
    return "\n".join("  " + line for line in json.dumps(corpus_entry(report), ensure_ascii=False, indent=1).split("\n"))


_JSON_HEAD = json.dumps({"format": "report-archive", "version": JSON_FORMAT_VERSION}, indent=1)[:-2] + ',\n "reports": '
JSON_OPEN, JSON_CLOSE, JSON_EMPTY = _JSON_HEAD + "[\n", "\n ]\n}\n", _JSON_HEAD + "[]\n}\n"


def json_piece(report: Report, first: bool) -> str:
    """A report's entry as it follows the opening (the first) or the entry before it."""
    entry = corpus_entry_json(report)
    return entry if first else ",\n" + entry


def corpus_json(reports: list[Report]) -> str:
    """``corpus()`` as JSON, one report after another, uncompressed."""
    if not reports:
        return JSON_EMPTY
    return JSON_OPEN + "".join(json_piece(report, number == 0) for number, report in enumerate(reports)) + JSON_CLOSE


_NULLABLE_STRING = {"type": ["string", "null"]}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "archive.schema.json",
    "title": "Report archive corpus",
    "description": (
        "Every report of the archive, in every language it exists in, with its metadata and its text in reading order."
    ),
    "type": "object",
    "required": ["format", "version", "reports"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": "report-archive"},
        "version": {"const": JSON_FORMAT_VERSION},
        "reports": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["slug", "source", "translations"],
                "additionalProperties": False,
                "properties": {
                    "slug": {
                        "type": "string",
                        "description": "Stable identifier, the same in every language (also the page name).",
                    },
                    "source": {
                        **_NULLABLE_STRING,
                        "description": "The original article's address, as found in the first seed.",
                    },
                    "translations": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": [
                                "language",
                                "language_confidence",
                                "language_source",
                                "title",
                                "title_source",
                                "date",
                                "date_source",
                                "date_words",
                                "byline",
                                "source",
                                "seed",
                                "blocks",
                            ],
                            "properties": {
                                "language": {"type": "string", "description": "ISO 639-1 code."},
                                "language_confidence": {"type": "number", "minimum": 0, "maximum": 1},
                                "language_source": {"enum": ["detected", "metadata"]},
                                "title": {"type": "string"},
                                "title_source": {"enum": ["derived", "metadata"]},
                                "date": {
                                    **_NULLABLE_STRING,
                                    "description": "YYYY-MM-DD: the day of the report (see date_source).",
                                },
                                "date_source": {
                                    "enum": ["metadata", "text", "added", None],
                                    "description": "Where the date comes from: seeds/metadata.yml, a dateline"
                                    " in the text, or the day the report entered the archive.",
                                },
                                "date_words": {
                                    **_NULLABLE_STRING,
                                    "description": "For a date from the text: the words it was read from.",
                                },
                                "byline": _NULLABLE_STRING,
                                "source": _NULLABLE_STRING,
                                "seed": {"type": "string", "description": "The seed file, relative to seeds/."},
                                "blocks": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["kind", "text"],
                                        "additionalProperties": False,
                                        "properties": {
                                            "kind": {"enum": ["paragraph", "caption"]},
                                            "text": {"type": "string"},
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def compressed(text: str) -> bytes:
    """One gzip member, the same bytes for the same text (no time, no name)."""
    return gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0) if text else b""


def _json_member(report: Report, first: bool) -> bytes:
    return compressed(json_piece(report, first))


def _tmx_members(reports: list[Report], memo: Memo, keys: list[str]) -> Iterator[bytes]:
    yield compressed(TMX_HEAD)
    for report, key in zip(reports, keys, strict=True):
        yield _units_member(report, memo, key)
    yield compressed(TMX_TAIL)


# A report's gzip members in the memo: its digest after one of these.
UNITS_PREFIX = "tmx.gz:"


def _json_prefix(first: bool) -> str:
    return f"json.gz:{first}:"


def entries(report: Report, digest: str) -> list[tuple[str, bytes]]:
    """A report's gzip members as the memo keeps them: its TMX units, and its
    JSON entry as any but the first (for ``compare.prepare`` to work out in
    its workers, the report's alignments at hand)."""
    return [
        (UNITS_PREFIX + digest, compressed_units(report)),
        (_json_prefix(False) + digest, _json_member(report, False)),
    ]


def _units_member(report: Report, memo: Memo, key: str) -> bytes:
    """A report's TMX units, one gzip member, from ``memo`` by the report's digest."""
    return memo.get_or_compute(UNITS_PREFIX + key, partial(compressed_units, report))


def _json_members(reports: list[Report], memo: Memo, keys: list[str]) -> Iterator[bytes]:
    if not reports:
        yield compressed(JSON_EMPTY)
        return
    yield compressed(JSON_OPEN)
    for number, (report, key) in enumerate(zip(reports, keys, strict=True)):
        # The first entry has no separator before it: its member is kept apart.
        yield memo.get_or_compute(_json_prefix(number == 0) + key, partial(_json_member, report, number == 0))
    yield compressed(JSON_CLOSE)


def _streams(
    reports: list[Report], memo: Memo | None, digests: dict[str, str] | None
) -> dict[str, Callable[[], Iterator[bytes]]]:
    """Export file name -> its gzip members in order, one at a time; each
    report's are taken from ``memo`` when its records are unchanged
    (``digests``: slug -> ``digest_of(report)``)."""
    memo = memo if memo is not None else Memo()
    digests = digests or report_digests(reports)
    keys = [digests[r.slug] for r in reports]
    return {
        TMX_FILE: partial(_tmx_members, reports, memo, keys),
        JSON_FILE: partial(_json_members, reports, memo, keys),
    }


def members(
    reports: list[Report], memo: Memo | None = None, digests: dict[str, str] | None = None
) -> dict[str, list[bytes]]:
    """Export file name -> its gzip members in order (in memory: for a few reports)."""
    return {name: list(stream()) for name, stream in _streams(reports, memo, digests).items()}


def compressed_units(report: Report) -> bytes:
    return compressed(tmx_units(report))


def schema() -> str:
    return json.dumps(SCHEMA, ensure_ascii=False, indent=1) + "\n"


def _write_parts(parts: Callable[[], Iterator[bytes]], handle: BinaryIO) -> None:
    handle.writelines(parts())


@timing.stage("exports")
def write(folder: Path, reports: list[Report], memo: Memo | None = None, digests: dict[str, str] | None = None) -> None:
    """Write the exports into ``folder``, each file atomically, a report at a time."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, parts in _streams(reports, memo, digests).items():
        write_atomically(folder / name, partial(_write_parts, parts))
    write_atomically(folder / SCHEMA_FILE, lambda handle: handle.write(schema().encode("utf-8")))
