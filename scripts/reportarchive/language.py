"""Language detection with lingua, cached by content hash.

Detection is the slowest part of generation, and a seed's language only
changes when its text does, so results are memoized on the SHA-256 of the
text that was looked at.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from .records import Detection  # noqa: F401  (re-exported for callers)

MIN_CONFIDENCE = 0.5  # below this the guess is reported as unreliable
SAMPLE_CHARS = 4000  # lingua is as sure after a few paragraphs as after a book


@lru_cache(maxsize=1)
def _detector():
    from lingua import LanguageDetectorBuilder  # imported lazily: loading takes a moment

    return LanguageDetectorBuilder.from_all_languages().build()


def text_key(text: str) -> str:
    return hashlib.sha256(text[:SAMPLE_CHARS].encode("utf-8")).hexdigest()


def detect(text: str) -> Detection:
    values = _detector().compute_language_confidence_values(text[:SAMPLE_CHARS])
    if not values or values[0].value <= 0:
        return Detection(None, 0.0)
    best = values[0]
    return Detection(best.language.iso_code_639_1.name.lower(), round(float(best.value), 4))


def detect_all(texts: dict[str, str], cache: dict[str, list]) -> tuple[dict[str, Detection], dict[str, list]]:
    """Detect every text (keyed by any id), reusing and extending ``cache``."""
    results: dict[str, Detection] = {}
    updated = dict(cache)
    for key, text in texts.items():
        digest = text_key(text)
        if digest in updated:
            language, confidence = updated[digest]
            results[key] = Detection(language, confidence)
        else:
            results[key] = detect(text)
            updated[digest] = [results[key].language, results[key].confidence]
    return results, updated


def load_cache(path: Path) -> dict[str, list]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save_cache(path: Path, cache: dict[str, list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(cache, sort_keys=True, indent=0), encoding="utf-8")
    tmp.replace(path)
