#!/usr/bin/env python3
"""Put together sites built for subsets of the languages into one site.

    scripts/build.py --strict --languages de,fr      # in one job: site/ with de/, fr/ and the root
    scripts/build.py --strict --languages pt,uk      # in another
    scripts/merge.py merged/ site-a/ site-b/          # one site, as one full build would have made it

Each part holds its languages' folders and what the site root has (root
pages, compare data, exports), which every part builds alike: a file two
parts hold must be the same bytes, or the merge stops (parts of different
seeds or code). The root sitemap index is made anew, listing every
language's sitemap files.
"""

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reportarchive import layout, site  # noqa: E402
from reportarchive.cli import PROJECT_DIR  # noqa: E402


def merge(output: Path, parts: list[Path], root: str | None) -> list[str]:
    """Copy ``parts`` into ``output``; the problems (files that differ), none when merged."""
    problems = []
    for part in parts:
        for path in sorted(part.rglob("*")):
            relative = path.relative_to(part)
            target = output / relative
            if path.is_dir() or relative.as_posix() == "sitemap.xml":
                continue
            if target.exists():
                if target.read_bytes() != path.read_bytes():
                    problems.append(f"{relative}: differs between the parts ({part} and an earlier one)")
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    languages = sorted(p.name for p in output.iterdir() if p.is_dir() and layout.LANGUAGE_DIR.match(p.name))
    site.split_sitemaps(output, languages, root)
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="the merged site (a new folder)")
    parser.add_argument("parts", type=Path, nargs="+", help="sites built with --languages")
    parser.add_argument("--project", type=Path, default=PROJECT_DIR, help="for its site_url (default: this repository)")
    args = parser.parse_args()
    if args.output.exists() and any(args.output.iterdir()):
        print(f"error: {args.output} is not empty", file=sys.stderr)
        return 1
    args.output.mkdir(parents=True, exist_ok=True)
    problems = merge(args.output, args.parts, site.root_url(args.project))
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
