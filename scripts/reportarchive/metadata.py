"""The sidecar metadata file: per-seed overrides without editing the seed.

``seeds/metadata.yml`` maps a seed's file name to any of ``language``,
``title``, ``date``, ``source`` and ``byline`` (the last two when the seed's
own lines are missing or not recognized)::

    004_81e7b134df8a2635.txt:
      language: fr
      title: Réforme administrative et transformation numérique
      date: 2024-09-16
      source: https://mod.gov.vn/…
      byline: MINH MANH
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml

from .records import Problem, SeedMetadata

METADATA_FILE = "metadata.yml"
_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
_FIELDS = ("language", "title", "date", "source", "byline")
_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")


def _line_of(node: yaml.Node) -> int:
    line: int = node.start_mark.line
    return line + 1


def parse(text: str, src_uri: str = METADATA_FILE) -> tuple[dict[str, SeedMetadata], list[Problem]]:
    """Parse the sidecar; every problem names its line, nothing raises."""
    problems: list[Problem] = []
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        return {}, [Problem(src_uri, f"not valid YAML: {getattr(exc, 'problem', exc)}", line, "error")]
    if root is None:
        return {}, []
    if not isinstance(root, yaml.MappingNode):
        return {}, [Problem(src_uri, "expected a mapping of seed file names to fields", _line_of(root), "error")]
    entries: dict[str, SeedMetadata] = {}
    for key_node, value_node in root.value:
        name = str(key_node.value)
        if not isinstance(value_node, yaml.MappingNode):
            problems.append(
                Problem(src_uri, f"'{name}': expected fields such as 'language:' or 'title:'", _line_of(value_node))
            )
            continue
        fields: dict[str, str] = {}
        for field_key, field_value in value_node.value:
            field = str(field_key.value)
            value = str(field_value.value).strip() if isinstance(field_value, yaml.ScalarNode) else ""
            line = _line_of(field_value)
            if field not in _FIELDS:
                problems.append(
                    Problem(src_uri, f"'{name}': unknown field '{field}' (known: {', '.join(_FIELDS)})", line)
                )
            elif not value:
                problems.append(Problem(src_uri, f"'{name}': '{field}' is empty", line))
            elif field == "language" and not _LANGUAGE_RE.match(value.lower()):
                problems.append(
                    Problem(src_uri, f"'{name}': language '{value}' is not an ISO 639-1 code such as 'fr'", line)
                )
            elif field == "date" and not _valid_date(value):
                problems.append(Problem(src_uri, f"'{name}': date '{value}' is not YYYY-MM-DD", line))
            elif field == "source" and not _URL_RE.match(value):
                problems.append(
                    Problem(
                        src_uri, f"'{name}': source '{value}' is not a URL such as 'https://example.org/report'", line
                    )
                )
            else:
                fields[field] = value.lower() if field == "language" else value
        entries[name] = SeedMetadata(**fields)
    return entries, problems


def _valid_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
        return True
    except ValueError:
        return False


def load(seeds_dir: Path) -> tuple[dict[str, SeedMetadata], list[Problem]]:
    path = seeds_dir / METADATA_FILE
    if not path.is_file():
        return {}, []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [Problem(METADATA_FILE, f"cannot read: {exc}", severity="error")]
    return parse(text)


def unknown_names(entries: dict[str, SeedMetadata], seed_uris: set[str]) -> list[Problem]:
    return [
        Problem(METADATA_FILE, f"'{name}' names no seed in the seeds folder")
        for name in sorted(entries)
        if name not in seed_uris
    ]
