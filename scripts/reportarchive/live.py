"""A live preview's edits (``make serve``): an edited seed's pages first.

Rebuilding a site after an edit takes about a minute at 10,000 reports × 4
languages: every seed is gathered again, the search index's scores count the
whole archive, the exports and homes list every report. The reader, though,
is looking at the page of the report being edited. So ``scripts/serve.py``
does it in two steps:

1. **The edited reports' pages**, in a second or so, in the preview's own
   process: only their seeds are read, cleaned and detected (the detector is
   loaded already), their pages in the edited seeds' languages generated,
   and those whose Markdown changed rendered by MkDocs from a folder that
   holds them and the language's home (the navigation) alone, with the very
   configuration of the site; the HTML replaces theirs in ``site/``. The
   browser reloads. (A report's pages in its other languages change with a
   title only, and wait for step 2.)
2. **The rest**: the usual ``--incremental`` build, in a process of its own,
   which a newer edit stops and starts again. It rewrites these pages too, the
   same, and everything that depends on the archive as a whole.

Step 1 applies when seeds were only edited (none added, removed or renamed,
``metadata.yml`` untouched) and each seed of the edited reports stays in its
report and language with no problem to report; anything else goes straight
to step 2. A title it derives is not
numbered against the rest of the archive (two reports of the same title are
"Title" and "Title (2)"): step 2 settles that.

Which seeds make which report is what the last build found, kept in
``build/report-seeds.json`` (``write_report_seeds``).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

from . import language, layout, pipeline, progress, site
from .caching import stamp
from .caching.files import write_atomically
from .metadata import METADATA_FILE
from .pages import ReportView, report_files
from .records import Report

REPORT_SEEDS_FILE = "report-seeds.json"  # in build/: the seeds of each report


def report_seeds_path(project: Path) -> Path:
    return project / "build" / REPORT_SEEDS_FILE


def write_report_seeds(project: Path, reports: Iterable[Report]) -> None:
    """Keep which seeds make which report, in which language, for the next edit's first step."""
    seeds = {report.slug: {t.src_uri: t.language for t in report.translations} for report in reports}
    content = json.dumps(seeds, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    path = report_seeds_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_bytes() != content:
        write_atomically(path, lambda handle: handle.write(content))


def seed_stats(seeds_dir: Path, skip: Callable[[str], bool] = lambda name: False) -> dict[str, tuple[int, int]]:
    """Each file below the seeds folder by its name there (as ``src_uri``,
    hidden ones and those ``skip`` names left out): its size and modification
    time. (A folder that cannot be read is left out: the build says so; the
    seeds folder itself missing is an error.)"""
    if not seeds_dir.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no seeds folder", str(seeds_dir))
    root = len(str(seeds_dir)) + 1
    return {
        path[root:]: (info.st_size, info.st_mtime_ns)
        for path, info in stamp.stats_below(seeds_dir, skip=lambda name: name.startswith(".") or skip(name))
    }


def edited_seeds(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str] | None:
    """The seeds edited between two ``seed_stats``; None when any was added,
    removed or renamed or the metadata changed (a whole update is needed)."""
    if before.keys() != after.keys() or before.get(METADATA_FILE) != after.get(METADATA_FILE):
        return None
    return sorted(name for name in after if after[name] != before[name])


@dataclass(frozen=True)
class EditedPages:
    """What step 1 made of an edit: each language's changed pages (source
    path in the language's tree -> Markdown)."""

    pages: dict[str, dict[str, str]]

    @property
    def count(self) -> int:
        return sum(len(pages) for pages in self.pages.values())


def edited_pages(project: Path, edited: list[str]) -> EditedPages | None:
    """The pages, in the edited seeds' languages, of the reports ``edited``
    seeds belong to whose Markdown changed (or that this step wrote before
    and the update has not rendered since), or None when step 1 does not
    apply (see the module's text)."""
    try:
        seeds_of = json.loads(report_seeds_path(project).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    report_of = {seed: slug for slug, seeds in seeds_of.items() for seed in seeds}
    if not edited or any(seed not in report_of for seed in edited):
        return None
    slugs = sorted({report_of[seed] for seed in edited})
    before = {seed: (slug, code) for slug in slugs for seed, code in seeds_of[slug].items()}
    progress.quiet()
    # The last build's detections: only a seed whose opening changed is detected again.
    caches = pipeline.Caches(detection=language.load_cache(project / pipeline.CACHE_DIR / pipeline.LANGUAGES_CACHE))
    reports, problems = pipeline.gather_reports(project / "seeds", caches, only=set(before))
    found = {t.src_uri: (report.slug, t.language) for report in reports for t in report.translations}
    if found != before or any(problem.src_uri in before for problem in problems):
        return None  # a seed moved, fell out, changed language or has a problem to say: the update says it
    edited_languages = {found[seed][1] for seed in edited}
    changed: dict[str, dict[str, str]] = {}
    for report in reports:
        # The edited seeds' own languages: another language's page changes
        # with a title only (its list of versions), and waits for the update.
        for code in sorted(edited_languages):
            for page in report_files(ReportView.of(report, code)):
                source = project / "docs" / page.dest_uri  # <language>/<source path>
                uri = page.dest_uri.split("/", 1)[1]
                if _provisional(project / "site" / code / layout.html_of(uri)) or not _holds(source, page.content):
                    changed.setdefault(code, {})[uri] = page.content or ""
    return EditedPages(changed)


def _holds(path: Path, content: str | None) -> bool:
    try:
        return path.read_text(encoding="utf-8") == content
    except (OSError, UnicodeDecodeError):
        return False


# A page this step wrote is dated at the epoch until the update after it has
# rendered it from docs/ again: MkDocs' --dirty renders a page whose source
# is newer than its HTML (in every language once an update was stopped
# midway: serve.py's --after-stop), and an edit undone before the update
# wrote docs/ would leave docs/ as it was, and the page as the undone edit
# made it. Such a page is also rendered again by the next edit of its report.
PROVISIONAL_NS = 0


def _provisional(html: Path) -> bool:
    try:
        return html.stat().st_mtime_ns == PROVISIONAL_NS
    except OSError:
        return True


class _PagesOnly:
    """A plugin for step 1's MkDocs run: its pages and nothing else (the
    theme's files are in the site already)."""

    def on_files(self, files, config):  # type: ignore[no-untyped-def]
        from mkdocs.structure.files import Files

        return Files([file for file in files if file.is_documentation_page()])


def render(project: Path, language: str, pages: dict[str, str]) -> dict[str, str]:
    """The HTML of ``pages`` (source path -> Markdown) as the language's site
    build renders them: with its configuration, beside its home (the
    navigation: no report page is in it)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    work = project / "build"
    with tempfile.TemporaryDirectory(prefix="live-", dir=work) as folder:
        docs, built = Path(folder) / "docs", Path(folder) / "site"
        home = layout.home_source(1)
        (docs / home).parent.mkdir(parents=True)
        shutil.copyfile(project / "docs" / language / home, docs / home)
        for uri, markdown in pages.items():
            (docs / uri).parent.mkdir(parents=True, exist_ok=True)
            (docs / uri).write_text(markdown, encoding="utf-8")
        logger = logging.getLogger("mkdocs")
        level = logger.level
        logger.setLevel(logging.ERROR)  # the site build reports what there is to report
        try:
            config = load_config(str(site.config_file(work, language)), docs_dir=str(docs), site_dir=str(built))
            config.plugins["archive-live-pages"] = _PagesOnly()  # type: ignore[assignment]
            build(config)
        finally:
            logger.setLevel(level)
        return {uri: (built / layout.html_of(uri)).read_text(encoding="utf-8") for uri in pages}


def _write_bytes(content: bytes, handle: BinaryIO) -> None:
    handle.write(content)


def publish(project: Path, edited: EditedPages) -> list[Path]:
    """Render the edited pages and put their HTML in ``site/``; the files written."""
    written = []
    for code, pages in sorted(edited.pages.items()):
        for uri, html in render(project, code, pages).items():
            target = project / "site" / code / layout.html_of(uri)
            write_atomically(target, partial(_write_bytes, html.encode("utf-8")))
            os.utime(target, ns=(PROVISIONAL_NS, PROVISIONAL_NS))
            written.append(target)
    return written
