"""Data for the browser, as classic scripts: a file that assigns one value
to a key of a global object, ``(window.<name>=window.<name>||{})["<key>"]=<JSON>;``.

Loaded by a ``<script>`` element rather than fetched, so that it works from
disk (where browsers refuse ``fetch``) as well as hosted. The search index,
the text store and the compare data are written this way (``search.py``,
``texts.py``, ``compare.py``); the browser's scripts read the global.
"""

from __future__ import annotations

import json


def assignment(name: str, key: str, payload: str) -> str:
    """The statement giving ``window.<name>[key]`` the JSON ``payload``, on one line."""
    return f"(window.{name}=window.{name}||{{}})[{json.dumps(key)}]={payload};\n"


def script(name: str, key: str, value: object) -> str:
    """``assignment`` of ``value`` as compact JSON (keys sorted, text as itself, not escaped)."""
    return assignment(name, key, json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True))
