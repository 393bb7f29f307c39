"""Helpers for the tests of builds you can trust (broken seeds, atomicity,
reproducibility): a warm language-detection cache, so a test project does not
pay for loading lingua's models, and snapshots of file trees."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from paths import PROJECT_DIR
from reportarchive import cleaners, language, reader
from reportarchive.grouping import normalize_url, slug_for_source

REAL_SEEDS = PROJECT_DIR / "seeds"
# The languages of the real seeds, as lingua finds them (test_site checks that).
REAL_LANGUAGES = {
    "000_7e8861d5b44c2d65.txt": "fr",
    "001_8df1dfcdd146fda1.txt": "pt",
    "002_46392a329618032f.txt": "de",
    "003_c5728c6d5f02f1cc.txt": "uk",
    "004_81e7b134df8a2635.txt": "fr",
}


def detection_key(raw: bytes, name: str = "seed.txt") -> str:
    """The key the pipeline looks a seed's language up under (see pipeline.gather)."""
    text, _ = reader.decode(raw)
    cleaned = cleaners.clean(name, reader.normalize(text))
    return language.text_key("\n".join(block.text for block in cleaned.blocks))


def warm_cache(project: Path, languages: dict[str, tuple[str, float] | str]) -> None:
    """Write ``.cache/languages.json`` for the named seeds of ``project``."""
    cache = {}
    for name, value in languages.items():
        code, confidence = (value, 1.0) if isinstance(value, str) else value
        cache[detection_key((project / "seeds" / name).read_bytes(), name)] = [code, confidence]
    language.save_cache(project / ".cache" / "languages.json", cache)


def real_slugs() -> set[str]:
    slugs = set()
    for name in REAL_LANGUAGES:
        text, _ = reader.decode((REAL_SEEDS / name).read_bytes())
        slugs.add(slug_for_source(normalize_url(cleaners.clean(name, reader.normalize(text)).source_url)))
    return slugs


def snapshot(root: Path, only=None) -> dict[str, str] | None:
    """``relative path -> sha256`` of every file below ``root`` (None if it is missing).

    ``only`` filters the top-level entries (e.g. the language folders of docs/).
    """
    if not root.exists():
        return None
    files = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if only is not None and not only(relative.parts[0]):
            continue
        if path.is_file():
            files[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def dump(data) -> str:
    return json.dumps(data, indent=1, sort_keys=True)[:2000]
