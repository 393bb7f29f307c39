"""Writing the generated language trees: the only stage that touches docs/.

The new trees are assembled in a staging folder next to ``docs/`` and then
swapped in one language folder at a time with ``os.replace``, so a build that
fails or is killed never leaves a half-written tree. Unchanged files are
hard-linked from the old tree rather than rewritten, keeping their mtime (so
a watcher or ``--dirty`` build sees only what really changed).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from .records import OutputFile

# Generated trees are the language folders; everything else in docs/ is hand-written.
GENERATED_DIR_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]+)?$")


def generated_dirs(docs_dir: Path) -> list[Path]:
    if not docs_dir.is_dir():
        return []
    return sorted(p for p in docs_dir.iterdir() if p.is_dir() and GENERATED_DIR_RE.match(p.name))


def _same_content(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def write_tree(docs_dir: Path, files: list[OutputFile]) -> dict[str, int]:
    """Replace the generated trees under ``docs_dir`` by ``files``.

    Returns counts of ``written``, ``unchanged`` and ``removed`` files.
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    counts = {"written": 0, "unchanged": 0, "removed": 0}
    by_language: dict[str, list[OutputFile]] = {}
    for file in files:
        by_language.setdefault(file.dest_uri.split("/", 1)[0], []).append(file)
    old_dirs = {p.name: p for p in generated_dirs(docs_dir)}
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=docs_dir))
    try:
        changed: list[str] = []
        for language, language_files in sorted(by_language.items()):
            old_root = old_dirs.get(language)
            new_root = staging / language
            wanted = set()
            dirty = old_root is None
            for file in language_files:
                relative = file.dest_uri.split("/", 1)[1]
                wanted.add(relative)
                target = new_root / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                content = file.content.encode("utf-8")
                previous = old_root / relative if old_root else None
                if previous is not None and _same_content(previous, content):
                    os.link(previous, target)
                    counts["unchanged"] += 1
                else:
                    target.write_bytes(content)
                    counts["written"] += 1
                    dirty = True
            if old_root is not None:
                stale = [p for p in old_root.rglob("*") if p.is_file() and p.relative_to(old_root).as_posix() not in wanted]
                counts["removed"] += len(stale)
                dirty = dirty or bool(stale)
            if dirty:
                changed.append(language)
        for language in changed:
            trash = staging / f".old-{language}"
            if language in old_dirs:
                os.replace(old_dirs[language], trash)
            os.replace(staging / language, docs_dir / language)
        for language, old_root in old_dirs.items():
            if language not in by_language:
                counts["removed"] += sum(1 for p in old_root.rglob("*") if p.is_file())
                os.replace(old_root, staging / f".old-{language}")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return counts
