"""Data for the browser, as classic scripts: a file that assigns one value
to a key of a global object, ``(window.<name>=window.<name>||{})["<key>"]=<JSON>;``.

Loaded by a ``<script>`` element rather than fetched, so that it works from
disk (where browsers refuse ``fetch``) as well as hosted. The search index,
the text store and the compare data are written this way (``search.py``,
``texts.py``, ``compare.py``); the browser's scripts read the global.

The bulk of it, the texts of the text store and the search index's shards,
is stored deflated (zlib, RFC 1950) in base64: a third to a half of its
bytes as plain JSON. The browser inflates it with its own
``DecompressionStream`` (``archiveInflate`` in ``archive-search.js``).
"""

from __future__ import annotations

import base64
import json
import zlib

# zlib's default: level 9 takes four times as long over the search index's
# postings (1.4 s against 0.35 s at 400 reports × 4) for 2.5 % fewer bytes.
DEFLATE_LEVEL = 6


def assignment(name: str, key: str, payload: str) -> str:
    """The statement giving ``window.<name>[key]`` the JSON ``payload``, on one line."""
    return f"(window.{name}=window.{name}||{{}})[{json.dumps(key)}]={payload};\n"


def script(name: str, key: str, value: object) -> str:
    """``assignment`` of ``value`` as compact JSON (keys sorted, text as itself, not escaped)."""
    return assignment(name, key, json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True))


def deflated(text: str) -> str:
    """``text`` deflated and in base64: the same characters for the same text at every build."""
    return base64.b64encode(zlib.compress(text.encode("utf-8"), DEFLATE_LEVEL)).decode("ascii")


def inflated(stored: str) -> str:
    """The text ``deflated`` gave: what the browser's ``archiveInflate`` gives."""
    return zlib.decompress(base64.b64decode(stored, validate=True)).decode("utf-8")
