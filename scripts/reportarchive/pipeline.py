"""Seeds in, Markdown trees out: readers -> cleaners -> detection -> grouping -> titles -> pages.

``gather()`` is pure but for reading the inputs: it returns every report,
every generated file and every problem. Only ``write()`` touches ``docs/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import cleaners, language, metadata, pages, reader, titles
from .grouping import group
from .records import OutputFile, Problem, Report, SeedFile, Translation
from .writer import write_tree


@dataclass(frozen=True)
class Gathered:
    reports: tuple[Report, ...]
    files: tuple[OutputFile, ...]
    problems: tuple[Problem, ...]
    detection_cache: dict = field(default_factory=dict, compare=False)

    @property
    def languages(self) -> list[str]:
        return pages.site_languages(list(self.reports))

    @property
    def translations(self) -> list[Translation]:
        return sorted((t for r in self.reports for t in r.translations), key=lambda t: t.src_uri)


def read_all(seeds_dir: Path) -> tuple[list[SeedFile], list[Problem]]:
    paths, problems = reader.find_seed_paths(seeds_dir)
    seeds: list[SeedFile] = []
    first_with_hash: dict[str, str] = {}
    for abs_src_path, src_uri in paths:
        result = reader.read_seed(abs_src_path, src_uri)
        if isinstance(result, Problem):
            problems.append(result)
        elif result.content_hash in first_with_hash:
            problems.append(Problem(src_uri, f"identical to {first_with_hash[result.content_hash]}; skipped"))
        else:
            first_with_hash[result.content_hash] = src_uri
            seeds.append(result)
    return seeds, problems


def gather(seeds_dir: Path, detection_cache: dict | None = None) -> Gathered:
    seeds, problems = read_all(seeds_dir)
    overrides, metadata_problems = metadata.load(seeds_dir)
    problems += metadata_problems
    problems += metadata.unknown_names(overrides, {s.src_uri for s in seeds})

    cleaned = []
    for seed in seeds:
        result = cleaners.clean(seed.src_uri, seed.text)
        problems.extend(result.problems)
        if not any(p.severity == "error" for p in result.problems):
            cleaned.append(result)

    to_detect = {c.src_uri: "\n".join(b.text for b in c.blocks) for c in cleaned if not overrides.get(c.src_uri, metadata.SeedMetadata()).language}
    detections, cache = language.detect_all(to_detect, detection_cache or {})

    translations = []
    for content in cleaned:
        override = overrides.get(content.src_uri, metadata.SeedMetadata())
        if override.language:
            code, confidence, how = override.language, 1.0, "metadata"
        else:
            detection = detections[content.src_uri]
            code, confidence, how = detection.language, detection.confidence, "detected"
            if code is None:
                problems.append(Problem(content.src_uri, "language could not be detected; set it in seeds/metadata.yml", severity="error"))
                continue
            if confidence < language.MIN_CONFIDENCE:
                problems.append(Problem(content.src_uri, f"language uncertain ({code}, confidence {confidence:.2f}); set it in seeds/metadata.yml"))
        translations.append(Translation(
            content.src_uri, code, confidence, how, content,
            title=override.title or "", date=override.date,
        ))

    reports, group_problems = group(translations)
    problems += group_problems
    reports = titles.assign_titles(reports)
    files = pages.generate(reports)
    problems.sort(key=lambda p: (p.src_uri, p.line or 0))
    return Gathered(tuple(reports), tuple(files), tuple(problems), cache)


def write(gathered: Gathered, docs_dir: Path, cache_path: Path | None = None) -> dict[str, int]:
    if cache_path is not None:
        language.save_cache(cache_path, gathered.detection_cache)
    return write_tree(docs_dir, list(gathered.files))
