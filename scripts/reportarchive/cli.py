"""Command line: ``python scripts/build.py [--strict] [--no-site]``.

Exit codes: 0 built; 1 a problem under ``--strict`` or a failed MkDocs
build; 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import pipeline, site
from .records import Problem

PROJECT_DIR = Path(__file__).resolve().parents[2]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description="Turn seeds/ into docs/<lang>/ pages and site/.")
    parser.add_argument("--project", type=Path, default=PROJECT_DIR, help="project folder (default: this repository)")
    parser.add_argument("--seeds", type=Path, help="seeds folder (default: <project>/seeds)")
    parser.add_argument("--strict", action="store_true", help="fail (exit 1) on any warning")
    parser.add_argument("--no-site", action="store_true", help="generate docs/ only; do not run MkDocs")
    parser.add_argument("--jobs", type=int, default=None, help="parallel MkDocs builds (default: one per core)")
    return parser.parse_args(argv)


def describe(gathered: pipeline.Gathered, seeds_label: str) -> list[str]:
    lines = []
    slugs = {t.src_uri: r.slug for r in gathered.reports for t in r.translations}
    for t in gathered.translations:
        how = "set in metadata.yml" if t.language_source == "metadata" else f"confidence {t.confidence:.2f}"
        title_note = " (derived)" if t.title_source == "derived" else ""
        lines.append(f'{seeds_label}/{t.src_uri} → {t.language} ({how}) · {slugs[t.src_uri]} · "{t.title}"{title_note}')
    derived = [t for t in gathered.translations if t.title_source == "derived"]
    per_language = ", ".join(f"{code} {sum(1 for t in gathered.translations if t.language == code)}" for code in gathered.languages)
    warnings = sum(1 for p in gathered.problems if p.severity == "warning")
    errors = sum(1 for p in gathered.problems if p.severity == "error")
    lines.append(
        f"{len(gathered.translations)} seeds → {len(gathered.reports)} reports in {len(gathered.languages)} languages"
        f" ({per_language}); {len(derived)} titles derived; {warnings} warnings, {errors} errors"
    )
    return lines


def format_problem(problem: Problem, seeds_label: str) -> str:
    return f"{seeds_label}/{problem}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    project = args.project.resolve()
    seeds_dir = (args.seeds or project / "seeds").resolve()
    if not seeds_dir.is_dir():
        print(f"error: no seeds folder at {seeds_dir}", file=sys.stderr)
        return 2
    seeds_label = seeds_dir.name
    cache_path = project / ".cache" / "languages.json"

    from . import language

    gathered = pipeline.gather(seeds_dir, language.load_cache(cache_path))
    for problem in gathered.problems:
        print(format_problem(problem, seeds_label), file=sys.stderr)
    for line in describe(gathered, seeds_label):
        print(line)
    counts = pipeline.write(gathered, project / "docs", cache_path)
    print(f"docs/: {counts['written']} pages written, {counts['unchanged']} unchanged, {counts['removed']} removed")

    failed = bool(args.strict and gathered.problems)
    if not args.no_site:
        if not gathered.reports:
            print("error: no report to build", file=sys.stderr)
            return 1
        missing = site.missing_vendored_assets(gathered.languages)
        if missing:
            print(f"error: vendored browser assets missing ({', '.join(missing)}); run: npm ci --prefix scripts/vendor", file=sys.stderr)
            return 1
        results = site.build_site(project, list(gathered.reports), gathered.languages, args.strict, args.jobs)
        for language, code, output in results:
            for line in output.splitlines():
                print(f"mkdocs [{language}]: {line}", file=sys.stderr)
            if code != 0:
                print(f"error: MkDocs build of '{language}' failed (exit {code}); site/ left as it was", file=sys.stderr)
                failed = True
        if not failed or all(code == 0 for _, code, _ in results):
            print(f"site/: {len(results)} languages built: {', '.join(lang for lang, _, _ in results)}")
    if args.strict and gathered.problems:
        print(f"error: --strict: {len(gathered.problems)} problem(s) above", file=sys.stderr)
    return 1 if failed else 0
