"""Exports of the whole corpus, downloadable from the site.

- ``archive.tmx``: the aligned translations of every report as TMX 1.4 (the
  translation-memory format CAT tools import), one translation unit per
  aligned pair of every two languages of a report; blocks without a
  counterpart are left out.
- ``archive.json``: every report with its metadata and paragraphs, described
  by ``archive.schema.json`` (JSON Schema, draft 2020-12).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import partial
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from . import timing
from .caching.digests import digest_of
from .caching.memo import Memo
from .compare import alignments
from .records import Block, Report

TOOL = "report-archive"
TOOL_VERSION = "1"
JSON_FORMAT_VERSION = 1


def _seg(blocks: Iterable[Block]) -> str:
    return escape(" ".join(block.text for block in blocks))


def tmx_units(report: Report) -> str:
    """The translation units of one report: one per aligned pair of every two languages."""
    units = []
    for key, pairs in alignments(report).items():
        a, b = key.split("|")
        left, right = report.version(a).content.blocks, report.version(b).content.blocks
        for number, pair in enumerate(pairs, start=1):
            if not pair.matched:
                continue
            kind = left[pair.left[0]].kind
            units.append(
                f'    <tu tuid={quoteattr(f"{report.slug}/{a}-{b}/{number}")} segtype="paragraph">\n'
                f'      <prop type="x-report">{escape(report.slug)}</prop>\n'
                f'      <prop type="x-kind">{kind}</prop>\n'
                + (f'      <prop type="x-source">{escape(report.source_url)}</prop>\n' if report.source_url else "")
                + f'      <tuv xml:lang="{a}"><seg>{_seg(left[i] for i in pair.left)}</seg></tuv>\n'
                f'      <tuv xml:lang="{b}"><seg>{_seg(right[j] for j in pair.right)}</seg></tuv>\n'
                "    </tu>\n"
            )
    return "".join(units)


def tmx(reports: list[Report], units: list[str] | None = None) -> str:
    units = units if units is not None else [tmx_units(report) for report in reports]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        '<tmx version="1.4">\n'
        f'  <header creationtool="{TOOL}" creationtoolversion="{TOOL_VERSION}" segtype="paragraph"'
        f' o-tmf="{TOOL}" adminlang="en" srclang="*all*" datatype="plaintext"/>\n'
        "  <body>\n" + "".join(units) + "  </body>\n</tmx>\n"
    )


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


def corpus_json(reports: list[Report], entries: list[str] | None = None) -> str:
    """``corpus()`` as JSON, one report after another (each entry can be cached)."""
    entries = entries if entries is not None else [corpus_entry_json(report) for report in reports]
    head = json.dumps({"format": "report-archive", "version": JSON_FORMAT_VERSION}, indent=1)[:-2]
    listed = "[\n" + ",\n".join(entries) + "\n ]" if entries else "[]"
    return f'{head},\n "reports": {listed}\n}}\n'


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
                                    "description": "YYYY-MM-DD, when given in seeds/metadata.yml.",
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


@timing.stage("exports")
def files(reports: list[Report], memo: Memo | None = None, digests: dict[str, str] | None = None) -> dict[str, str]:
    """Export file name -> content; each report's part is taken from ``memo``
    when its records are unchanged (``digests``: slug -> ``digest_of(report)``)."""
    memo = memo if memo is not None else Memo()
    keys = {r.slug: digests[r.slug] if digests else digest_of(r) for r in reports}
    units = [memo.get_or_compute("tmx:" + keys[r.slug], partial(tmx_units, r)) for r in reports]
    entries = [memo.get_or_compute("json:" + keys[r.slug], partial(corpus_entry_json, r)) for r in reports]
    return {
        "archive.tmx": tmx(reports, units),
        "archive.json": corpus_json(reports, entries),
        "archive.schema.json": json.dumps(SCHEMA, ensure_ascii=False, indent=1) + "\n",
    }
