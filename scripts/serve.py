#!/usr/bin/env python3
"""Live preview: build, serve site/ on http://127.0.0.1:8000/, rebuild on change.

Editing, adding or deleting a seed (or metadata.yml, mkdocs.yml, the theme
overrides or the build code) regenerates the pages, rebuilds the site and
reloads the open browser tabs (MkDocs' own live-reload server). Rebuilds are
incremental: only the languages and pages whose Markdown changed; a change
to mkdocs.yml or the theme needs a restart (or `make site`).
"""

import argparse
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mkdocs.livereload import LiveReloadServer  # noqa: E402

from reportarchive.cli import PROJECT_DIR, main as build  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if build([]) != 0 and not (PROJECT_DIR / "site").is_dir():
        return 1

    def rebuild() -> None:
        # In place, only what changed: an edited seed's page shows in seconds.
        build(["--incremental"])

    server = LiveReloadServer(builder=rebuild, host=args.host, port=args.port, root=str(PROJECT_DIR / "site"))
    for path in ("seeds", "docs/overrides", "mkdocs.yml", "scripts/reportarchive"):
        server.watch(str(PROJECT_DIR / path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
