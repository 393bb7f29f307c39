"""Search data: one index file per language, loaded as a script.

Each language site gets ``search/index.js`` with its own reports only, so a
reader downloads the index of their own language; the "all languages" choice
loads the other languages' files on demand. A script (not JSON fetched by a
worker) works from disk as well as hosted. The browser side is
``docs/overrides/assets/archive-search.js``, with lunr from npm.
"""

from __future__ import annotations

import json

from .pages import REPORTS_DIR, source_site
from .records import Report

# Languages for which lunr-languages has a stemmer that needs nothing else
# (Chinese, Japanese, Korean and Thai need word segmenters and are indexed
# word by word instead).
STEMMED_LANGUAGES = frozenset({"da", "de", "es", "fi", "fr", "hu", "it", "nl", "no", "pt", "ro", "ru", "sv", "tr"})


def documents(language: str, reports: list[Report]) -> list[dict]:
    docs = []
    for report in reports:
        translation = report.translation(language)
        if translation is None:
            continue
        docs.append({
            "u": f"{REPORTS_DIR}/{report.slug}.html",
            "t": translation.title,
            "s": source_site(report.source_url),
            "x": "\n".join(block.text for block in translation.content.blocks),
        })
    return docs


def index_script(language: str, reports: list[Report]) -> str:
    data = {"language": language, "stemmer": language in STEMMED_LANGUAGES, "docs": documents(language, reports)}
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"(window.archiveSearchData=window.archiveSearchData||{{}})[{json.dumps(language)}]={payload};\n"
