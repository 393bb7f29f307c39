"""Command line: ``python scripts/build.py [--strict] [--no-site]``.

Every problem with an input is one line on stderr naming the file and, when
there is one, the line: ``seeds/x.txt:12: warning: …`` (``error`` when the
seed is skipped). Characters that a terminal would not show as themselves
(control, format and bidi characters, newlines in file names) are printed as
escapes, so a line is always one line and reads as it is.

Exit codes:

* 0: built (problems without ``--strict`` are reported, and the seeds they
  concern skipped or built as they are);
* 1: any problem under ``--strict``, no seed left to build, missing vendored
  assets, a failed MkDocs build (``site/`` is then left as it was) or a file
  that cannot be written;
* 2: wrong usage (unknown option, bad ``--jobs``, no seeds folder).

Reproducible: unless ``SOURCE_DATE_EPOCH`` is set, it is set for the MkDocs
builds to the time of the project's last git commit, or else to the newest
modification time among the seeds, so that two builds of the same inputs are
byte for byte the same (MkDocs stamps the gzipped sitemaps with it).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import dates, live, pipeline, progress, reader, search, site, strings
from .caching import files, stamp, stored
from .records import Problem, Translation

PROJECT_DIR = Path(__file__).resolve().parents[2]


# Not a warning (a site read from disk needs no address, and --strict must
# not fail for it), but what a published site misses without one.
NO_SITE_URL_NOTE = (
    "note: no site_url: pages carry no hreflang alternates, and canonical links, sitemaps and the Atom feeds' "
    "links are relative (feed readers need absolute ones); "
    "to publish, set site_url in mkdocs.yml or run SITE_URL=https://example.org/archive/ make site"
)
SHALLOW_NOTE = (
    "note: the seeds' repository is a shallow clone: a report's 'added on' date is at most as old as its oldest "
    "commit fetched; fetch the whole history (git fetch --unshallow, or fetch-depth: 0 in a workflow)"
)


def untranslated_notes(languages: list[str]) -> list[str]:
    """A note for each language whose pages show the site's own words in
    English, as strings.json has none of its own (a note: the pages are whole)."""
    return [
        f"note: no interface strings for '{code}' ({strings.language_name(code)}): its pages show the site's own words "
        f'in English; add "{code}" to scripts/reportarchive/strings.json'
        for code in languages
        if code not in strings.translated_languages()
    ]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description="Turn seeds/ into docs/<lang>/ pages and site/.")
    parser.add_argument("--project", type=Path, default=PROJECT_DIR, help="project folder (default: this repository)")
    parser.add_argument("--seeds", type=Path, help="seeds folder (default: <project>/seeds)")
    parser.add_argument("--strict", action="store_true", help="fail (exit 1) on any warning")
    parser.add_argument("--verbose", action="store_true", help="a line per seed: language, report, title")
    parser.add_argument(
        "--languages",
        type=_language_list,
        help="build only these languages' folders of site/ (comma-separated; for scripts/merge.py)",
    )
    parser.add_argument("--no-site", action="store_true", help="generate docs/ only; do not run MkDocs")
    parser.add_argument(
        "--jobs", type=_positive_int, default=None, help="parallel MkDocs builds (default: one per core)"
    )
    parser.add_argument(
        "--incremental",
        action="store_true",
        help="update site/ in place, rebuilding only changed pages (live preview; not atomic)",
    )
    parser.add_argument(
        "--after-stop",
        action="store_true",
        help="with --incremental: an update was stopped midway before this one (make serve); check the "
        "pages of every language, not only of those whose Markdown this run changed",
    )
    return parser.parse_args(argv)


def _language_list(value: str) -> list[str]:
    codes = [code.strip() for code in value.split(",") if code.strip()]
    if not codes:
        raise argparse.ArgumentTypeError("expected language codes separated by commas, such as fr,de")
    return codes


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return number


def printable(text: str) -> str:
    """``text`` with what a terminal would not show as itself escaped."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape", "backslashreplace").decode("ascii") for ch in text
    )


def source_date_epoch(project: Path, seeds_dir: Path) -> int | None:
    """The build time to stamp on the site: last commit, else newest seed."""
    with contextlib.suppress(OSError, subprocess.SubprocessError, ValueError):
        top = subprocess.run(
            ["git", "-C", str(project), "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=30
        )
        if top.returncode == 0 and Path(top.stdout.strip()).resolve() == project.resolve():
            last = subprocess.run(
                ["git", "-C", str(project), "log", "-1", "--format=%ct"], capture_output=True, text=True, timeout=30
            )
            if last.returncode == 0 and last.stdout.strip():
                return int(last.stdout.strip())
    paths = [path for path, _ in reader.find_seed_paths(seeds_dir)[0]] + [seeds_dir / "metadata.yml"]
    mtimes = []
    for path in paths:
        with contextlib.suppress(OSError):
            mtimes.append(int(path.stat().st_mtime))
    return max(mtimes) if mtimes else None


@contextlib.contextmanager
def site_build_lock(project: Path) -> Iterator[None]:
    """One site build at a time; clean up after builds that were killed.

    ``site.build_site`` stages into ``build/site-*`` and exchanges it with
    ``site/`` atomically; where the system cannot exchange, it moves ``site/``
    to ``build/site-*.old`` first, and a build killed right then leaves no
    ``site/``: the old one is put back. Staging folders of killed builds are
    removed.
    """
    build_dir = project / "build"
    build_dir.mkdir(parents=True, exist_ok=True)
    with files.locked(build_dir):
        current = project / "site"
        olds = sorted(build_dir.glob("site-*.old"), key=lambda p: p.stat().st_mtime)
        if olds and not current.exists():
            os.replace(olds[-1], current)
        files.remove_leftovers(build_dir, "site-")
        yield


@contextlib.contextmanager
def reproducible_time(project: Path, seeds_dir: Path) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` for the duration of the build, unless set."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    epoch = source_date_epoch(project, seeds_dir)
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def describe(gathered: pipeline.Gathered, seeds_label: str, every_seed: bool = False) -> list[str]:
    """The summary of what the seeds became; with ``every_seed``, a line per seed before it."""
    lines = []
    slugs = {t.src_uri: r.slug for r in gathered.reports for t in r.translations}
    for t in gathered.translations if every_seed else ():
        how = "set in metadata.yml" if t.language_source == "metadata" else f"confidence {t.confidence:.2f}"
        title_note = " (derived)" if t.title_source == "derived" else ""
        lines.append(
            printable(
                f'{seeds_label}/{t.src_uri} → {t.language} ({how}) · {slugs[t.src_uri]} · "{t.title}"{title_note}'
                f" · {date_note(t)}"
            )
        )
    derived = [t for t in gathered.translations if t.title_source == "derived"]
    per_language = ", ".join(
        f"{code} {sum(1 for t in gathered.translations if t.language == code)}" for code in gathered.languages
    )
    warnings = sum(1 for p in gathered.problems if p.severity == "warning")
    errors = sum(1 for p in gathered.problems if p.severity == "error")
    lines.append(
        f"{len(gathered.translations)} seeds → {len(gathered.reports)} reports in {len(gathered.languages)} languages"
        f" ({per_language}); {len(derived)} titles derived; {warnings} warnings, {errors} errors"
    )
    sources = [t.date_source for t in gathered.translations]
    lines.append(
        f"dates: {sources.count(dates.METADATA)} from metadata.yml, {sources.count(dates.TEXT)} read from the text, "
        f"{sources.count(dates.ADDED)} the day the report was added"
        + ("" if every_seed else " (--verbose lists each seed's)")
    )
    return lines


def date_note(translation: Translation) -> str:
    """A version's date and where it comes from, as the build lists it."""
    if translation.date_source == dates.TEXT:
        return f'dated {translation.date} (from the text: "{translation.date_words}")'
    if translation.date_source == dates.ADDED:
        return f"dated {translation.date} (added on that day)"
    return f"dated {translation.date} (set in metadata.yml)" if translation.date else "undated"


def format_problem(problem: Problem, seeds_label: str) -> str:
    return printable(f"{seeds_label}/{problem}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return build(args)
    except OSError as exc:  # a full disk, a read-only docs/ …: one line, no traceback
        where = f" ({exc.filename})" if exc.filename else ""
        print(printable(f"error: {exc.strerror or exc}{where}"), file=sys.stderr)
        return 1
    except (search.AnalysisError, stored.MissingText) as exc:  # site/ is left as it was
        print(printable(f"error: {exc}"), file=sys.stderr)
        return 1


def build(args: argparse.Namespace) -> int:
    project = args.project.resolve()
    seeds_dir = (args.seeds or project / "seeds").resolve()
    if not seeds_dir.is_dir():
        print(f"error: no seeds folder at {seeds_dir}", file=sys.stderr)
        return 2
    cache_dir = project / pipeline.CACHE_DIR
    cache_dir.mkdir(parents=True, exist_ok=True)
    # One build at a time (a make site while make serve rebuilds): builds
    # share the caches, and one must not prune a stored file that another
    # is about to link, nor swap docs/ under another's MkDocs run.
    with files.locked(cache_dir):
        try:
            return _build(args, project, seeds_dir, cache_dir)
        finally:
            gc.unfreeze()  # make serve builds again and again: what a build left may be collected


UP_TO_DATE = "site/: up to date (nothing it is made from changed since the last build)"


def _quick_start(args: argparse.Namespace, project: Path, seeds_dir: Path) -> str | None:
    """The start of the stamp's quick key, for a full build of site/ (None for any other)."""
    if args.incremental or args.languages or args.no_site:
        return None
    with reproducible_time(project, seeds_dir):
        options = f"verbose={args.verbose}"  # what else changes what the build says
        return stamp.quick_start(seeds_dir, project, options, args.strict, site.root_url(project))


def _say_again(said: dict[str, Any]) -> int:
    for stream, line in said["lines"]:
        print(line, file=sys.stderr if stream == "stderr" else sys.stdout)
    return int(said["code"])


def _build(args: argparse.Namespace, project: Path, seeds_dir: Path, cache_dir: Path) -> int:
    # Nothing changed since the last build (by the files' sizes and times):
    # say what it said, without reading a seed.
    quick = _quick_start(args, project, seeds_dir)
    if quick is not None:
        said = stamp.said_before(project, stamp.quick_key(quick, project))
        if said is not None:
            return _say_again(said)
    # Bars on a terminal, a line per phase in a log; the problems and the summary follow.
    progress.show(terminal=sys.stdout.isatty())
    caches = pipeline.Caches.load(cache_dir)
    # Generation makes a great many objects and next to no cycles, and its
    # records live until the end of the build: the cyclic collector would
    # walk through them again and again for nothing.
    gc.disable()
    # The site build's longest work, aligning the reports, begins as soon as
    # they are known (site.Ahead); stopped after its batch if the build ends first.
    ahead = site.Ahead(caches.report_outputs)
    try:
        try:
            gathered = pipeline.gather(seeds_dir, caches, None if args.no_site else ahead.begin)
        finally:
            gc.freeze()
            gc.enable()
        return _after_gathering(args, project, seeds_dir, gathered, caches, quick)
    finally:
        ahead.stop()


def _after_gathering(
    args: argparse.Namespace,
    project: Path,
    seeds_dir: Path,
    gathered: pipeline.Gathered,
    caches: pipeline.Caches,
    quick: str | None,
) -> int:
    seeds_label = seeds_dir.name
    for problem in gathered.problems:
        print(format_problem(problem, seeds_label), file=sys.stderr)
    summary = describe(gathered, seeds_label, args.verbose) + untranslated_notes(gathered.languages)
    if any(t.date_source == dates.ADDED for t in gathered.translations) and dates.is_shallow(seeds_dir):
        summary.append(SHALLOW_NOTE)
    for line in summary:
        print(line)
    written = pipeline.write(gathered, project / "docs", caches)
    live.write_report_seeds(project, gathered.reports)  # for make serve's next edit
    changed = [language for language in gathered.languages if language in written.changed or args.after_stop]
    caches.save(generation_only=True)  # what generation used, kept even if the site build fails
    print(f"docs/: {written.written} pages written, {written.unchanged} unchanged, {written.removed} removed")

    failed = bool(args.strict and gathered.problems)
    strict_error = f"error: --strict: {len(gathered.problems)} problem(s) above"
    if not args.no_site:
        # What a build with nothing to do says (the stamp keeps it, for the quick way).
        lines = [["stderr", format_problem(problem, seeds_label)] for problem in gathered.problems]
        lines += [["stdout", line] for line in summary]
        lines += [["stdout", f"docs/: 0 pages written, {written.written + written.unchanged} unchanged, 0 removed"]]
        lines += [["stdout", UP_TO_DATE]] + ([["stderr", strict_error]] if failed else [])
        said = {"lines": lines, "code": 1 if failed else 0}
        site_code = _build_site(args, project, seeds_dir, gathered, changed, caches, quick, said)
        if site_code is None:
            return 1
        failed = failed or site_code != 0
    if args.strict and gathered.problems:
        print(strict_error, file=sys.stderr)
    return 1 if failed else 0


def _build_site(
    args: argparse.Namespace,
    project: Path,
    seeds_dir: Path,
    gathered: pipeline.Gathered,
    changed: list[str],
    caches: pipeline.Caches,
    quick: str | None = None,
    said: dict[str, Any] | None = None,
) -> int | None:
    """Build site/ from docs/: 0 when every language built, 1 when one failed,
    None when nothing could be started (said on stderr)."""
    if not gathered.reports:
        print("error: no report to build", file=sys.stderr)
        return None
    missing = site.missing_vendored_assets(gathered.languages)
    if missing:
        print(
            f"error: vendored browser assets missing ({', '.join(missing)}); run: npm ci --prefix scripts/vendor",
            file=sys.stderr,
        )
        return None
    only = args.languages  # a part of the site, for merge.py: never "up to date", never stamped
    unknown = [code for code in only or () if code not in gathered.languages]
    if unknown:
        known = ", ".join(gathered.languages)
        print(f"error: --languages: no seed in {', '.join(unknown)} (the seeds are in {known})", file=sys.stderr)
        return None
    root_url = site.root_url(project)
    reports = list(gathered.reports)
    with site_build_lock(project), reproducible_time(project, seeds_dir):
        inputs = stamp.inputs_digest(project, list(gathered.files), gathered.languages, args.strict, root_url)
        if not args.incremental and not only and stamp.up_to_date(project, inputs):
            if quick is not None:  # the next build finds it so the quick way
                stamp.record(project, inputs, stamp.quick_key(quick, project), said)
            print(UP_TO_DATE)
            return 0
        stamp.forget(project)
        if args.incremental and not only and site.can_update(project, gathered.languages):
            results = site.update_site(project, reports, gathered.languages, changed, args.jobs, caches.report_outputs)
        else:
            results = site.build_site(
                project, reports, gathered.languages, args.strict, args.jobs, caches.report_outputs, only
            )
            if all(code == 0 for _, code, _ in results) and not only:
                stamp.record(project, inputs, None if quick is None else stamp.quick_key(quick, project), said)
    failed = False
    for language, code, output in results:
        for line in output.splitlines():
            print(f"mkdocs [{language}]: {line}", file=sys.stderr)
        if code != 0:
            print(f"error: MkDocs build of '{language}' failed (exit {code}); site/ left as it was", file=sys.stderr)
            failed = True
    if not failed:
        print(f"site/: {len(results)} languages built: {', '.join(lang for lang, _, _ in results)}")
        if root_url is None:
            print(NO_SITE_URL_NOTE)
    caches.save()  # now with each report's compare data, exports and search terms
    return 1 if failed else 0
