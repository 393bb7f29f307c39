"""Writing the generated language trees: the only stage that touches docs/.

The new trees are assembled in a staging folder next to ``docs/`` and then
swapped in one language folder at a time. Each swap is atomic: on Linux the
new and the old folder trade places in one ``renameat2(RENAME_EXCHANGE)``
call, so ``docs/<lang>`` always exists and is always either the old or the
new complete tree, whenever the build is killed; elsewhere it falls back to
two renames. A swap that fails (an exception, not a kill) puts back every
language already swapped. A build killed while staging leaves a
``.staging-*`` folder; the next write removes it. Writers lock ``docs/``
itself (``flock``), so two builds never interleave their swaps.

Unchanged files are hard-linked from the old tree rather than rewritten,
keeping their inode and mtime (so a watcher or ``--dirty`` build sees only
what really changed), and a language whose files are all unchanged is not
swapped at all.

With a ``Store`` (``.cache/docs/``), every file is kept there under the
digest of its content, read-only, and the trees hold hard links to it: a file
whose content the store already has costs a link, not a write, even when
``docs/`` was removed; and a file of the old tree that is the store's own
file for the new content is known unchanged without reading it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import layout, timing
from .caching.digests import content_digest
from .caching.files import locked, make_staging_dir, remove_leftovers, replace_dir
from .caching.store import Store, same_file
from .records import OutputFile


def generated_dirs(docs_dir: Path) -> list[Path]:
    """The generated language trees of ``docs/`` (everything else there is hand-written)."""
    if not docs_dir.is_dir():
        return []
    return sorted(p for p in docs_dir.iterdir() if p.is_dir() and layout.LANGUAGE_DIR.match(p.name))


def _same_content(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


@dataclass(frozen=True)
class _Item:
    """A file to write: its content, or only the name of its content in the store."""

    relative: str
    content: bytes | None
    name: str  # the content's name in the store (when there is one)


def _unchanged(previous: Path, item: _Item, store: Store | None) -> bool:
    """Whether the old tree's file holds the item's content (the store's own, intact, file does)."""
    content = item.content
    if store is not None and store.intact(item.name):
        stored = store.use(item.name)
        if same_file(previous, stored):
            return True
        if content is None:  # rendered straight into the store: compare with its copy
            with contextlib.suppress(OSError):
                content = Path(stored).read_bytes()
    if content is None or not _same_content(previous, content):
        return False
    if store is not None:  # the old tree's file becomes the store's (one inode: unchanged next time too)
        store.adopt(item.name, str(previous), content)
    return True


def _place(item: _Item, target: str, store: Store | None, touch: bool = True) -> None:
    """Write ``target``, as a link to the store's copy when there is a store
    (``touch``: dated now, as a tree that had it before needs, for --dirty)."""
    if store is not None:
        stored = store.use(item.name) if item.content is None else store.put(item.content, item.name)
        try:
            os.link(stored, target)
        except OSError:  # another file system, no hard links: a plain copy
            if item.content is None:
                shutil.copyfile(stored, target)
                return
        else:
            if touch:  # new to this tree: newer than its HTML, for --dirty
                store.touch(item.name, target)
            return
    assert item.content is not None, "a file the store does not have needs its content"
    with open(target, "wb") as handle:
        handle.write(item.content)


@dataclass(frozen=True)
class Written:
    """What a write did: file counts, and the language trees it swapped in or out."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0
    changed: tuple[str, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        return {"written": self.written, "unchanged": self.unchanged, "removed": self.removed}


def write_tree(docs_dir: Path, files: list[OutputFile], store: Store | None = None) -> Written:
    """Replace the generated trees under ``docs_dir`` by ``files``."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    with locked(docs_dir):
        remove_leftovers(docs_dir)
        written = _write_tree(docs_dir, files, store)
        if store is not None:
            store.prune()
    return written


def _files_below(root: Path) -> set[str]:
    """Every file below ``root``, as paths relative to it with forward slashes."""
    found: set[str] = set()
    for dirpath, _, filenames in os.walk(root):
        prefix = os.path.relpath(dirpath, root).replace(os.sep, "/")
        found.update(name if prefix == "." else f"{prefix}/{name}" for name in filenames)
    return found


def _write_tree(docs_dir: Path, files: list[OutputFile], store: Store | None) -> Written:
    counts = {"written": 0, "unchanged": 0, "removed": 0}
    by_language: dict[str, list[_Item]] = {}
    for file in files:
        language, relative = file.dest_uri.split("/", 1)
        if file.content is None and store is None:
            raise ValueError(f"{file.dest_uri}: no content, and no store to take it from")
        content = None if file.content is None else file.content.encode("utf-8")
        name = file.digest or (content_digest(content) if store is not None and content is not None else "")
        by_language.setdefault(language, []).append(_Item(relative, content, name))
    old_dirs = {p.name: p for p in generated_dirs(docs_dir)}
    staging = make_staging_dir(docs_dir, layout.STAGING_PREFIX)
    try:
        changed: list[str] = []
        for language, language_files in sorted(by_language.items()):
            old_root = old_dirs.get(language)
            same = [
                old_root is not None and _unchanged(old_root / item.relative, item, store) for item in language_files
            ]
            stale = _files_below(old_root) - {item.relative for item in language_files} if old_root else set()
            counts["removed"] += len(stale)
            if all(same) and not stale and old_root is not None:
                counts["unchanged"] += len(same)  # nothing to stage: the tree stays as it is
                continue
            new_root = os.path.join(staging, language)  # strings: thousands of files, pathlib is slow
            made: set[str] = set()
            for item, unchanged in zip(language_files, same, strict=True):
                target = os.path.join(new_root, item.relative)
                parent = os.path.dirname(target)
                if parent not in made:
                    os.makedirs(parent, exist_ok=True)
                    made.add(parent)
                if unchanged and old_root is not None:
                    os.link(os.path.join(old_root, item.relative), target)
                    counts["unchanged"] += 1
                else:
                    _place(item, target, store, touch=old_root is not None)
                    counts["written"] += 1
            changed.append(language)
        removed = [language for language in old_dirs if language not in by_language]
        for language in removed:
            counts["removed"] += len(_files_below(old_dirs[language]))
        timing.checkpoint("docs-staged")
        _swap(docs_dir, staging, changed, removed)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Written(**counts, changed=tuple(changed + removed))


def _swap(docs_dir: Path, staging: Path, changed: list[str], removed: list[str]) -> None:
    """Swap the staged languages in and the removed ones out; all or none.

    An exception on the way puts back what was already swapped (a kill
    cannot be undone, but every single swap is atomic, see ``replace_dir``).
    """
    undo: list[tuple[Path, Path | None, Path | None]] = []  # (target, where its old tree went, staged path)
    try:
        for language in changed:
            target, staged = docs_dir / language, staging / language
            undo.append((target, replace_dir(staged, target), staged))
        for language in removed:
            target, gone = docs_dir / language, staging / f".old-{language}"
            os.replace(target, gone)
            undo.append((target, gone, None))
    except BaseException:
        for target, old, staged_at in reversed(undo):
            with contextlib.suppress(OSError):
                if old is None:  # a new language: take it out again
                    assert staged_at is not None
                    os.replace(target, staged_at)
                elif old == staged_at:  # exchanged: exchange back
                    replace_dir(old, target)
                else:  # renamed aside (a removed language, or no exchange)
                    if staged_at is not None and target.exists():
                        os.replace(target, staged_at)
                    os.replace(old, target)
        raise
