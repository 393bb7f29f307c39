#!/usr/bin/env python3
"""The languages of docs/ (run ``make docs`` first) in N groups, as JSON for a
CI matrix: ``scripts/language_groups.py 2`` → ``["de,fr", "pt,uk"]``.

Each group is one ``scripts/build.py --languages <group>`` job; the groups
are as even as the languages allow (by their number of pages), and
``scripts/merge.py`` puts the jobs' sites together.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reportarchive import layout  # noqa: E402  (standard library only)

PROJECT_DIR = Path(__file__).resolve().parents[1]


def groups(docs: Path, count: int) -> list[str]:
    sizes = {
        folder.name: sum(1 for _ in folder.rglob("*.md"))
        for folder in sorted(docs.iterdir())
        if folder.is_dir() and layout.LANGUAGE_DIR.match(folder.name)
    }
    bins: list[list[str]] = [[] for _ in range(min(count, len(sizes)) or 1)]
    loads = [0] * len(bins)
    for language in sorted(sizes, key=lambda code: (-sizes[code], code)):  # largest first, into the lightest group
        lightest = loads.index(min(loads))
        bins[lightest].append(language)
        loads[lightest] += sizes[language]
    return [",".join(sorted(group)) for group in bins if group]


if __name__ == "__main__":
    print(json.dumps(groups(PROJECT_DIR / "docs", int(sys.argv[1]) if len(sys.argv) > 1 else 2)))
