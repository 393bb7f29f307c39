"""The site's layout: its kinds of page, their folders, and every link between them.

The one owner of where things are. The stages build paths and links with the
functions here; the theme's templates read the same facts from
``config.extra.archive.layout`` (``template_facts``, set by ``site.py``); the
MkDocs configuration of each language takes the folders to leave out of the
navigation from ``not_in_nav``; ``make clean`` finds the generated language
folders with ``LANGUAGE_DIR`` (``scripts/clean.py``).

Within a language folder (``docs/<lang>/``, ``site/<lang>/``)::

    index.md / index.html        the language home, page 1
    pages/<n>.md                 the home's page n
    reports/<slug>.md            a report, or its "not available" page
    compare.md                   the compare view, of the report named in
                                 its address (compare.html?report=<slug>)
    texts/<slug>.<page>.js       a page of a report's text, read by the search
                                 and the compare view (texts.py)
    search/                      the search index (search.py)

At the site root: ``compare/<slug>.js`` (what the compare view needs of a
report besides its texts: its versions and their alignments, shared by its
languages), ``exports/`` (``EXPORT_FILES``) and ``assets/`` (``ASSETS_DIR``:
the theme's static files and the vendored scripts, the same bytes for every
language, once a site; a language folder's ``assets/`` has only what is
rendered for its language, the theme's ``static_templates``). Links are relative, so the site
works at any path and from disk: ``depth`` is how many folders below its
language folder the linking page is (0 for the home, 1 for a report).

Only the standard library here: ``scripts/clean.py`` runs without the
project's virtual environment.
"""

from __future__ import annotations

import re

REPORTS_DIR = "reports"
COMPARE_DIR = "compare"  # at the site root: each report's compare data
COMPARE_PAGE = "compare.md"  # in each language folder: the one compare view
HOME_PAGES_DIR = "pages"
TEXTS_DIR = "texts"  # in each language folder: the text store (texts.py)
EXPORTS_DIR = "exports"
# At the site root: the files every language's pages load alike. A theme
# file's place below it is the one the theme gives it below a language folder
# ("assets/stylesheets/…"): a page links one folder further up (SHARED_ASSETS_UP).
ASSETS_DIR = "assets"
SHARED_ASSETS_UP = "../"  # from a language folder to the site root
FEED_FILE = "feed.xml"  # in each language folder: its Atom feed (feeds.py)
# The export files in EXPORTS_DIR, by kind (gzip-compressed: exports.py).
EXPORT_FILES = {"tmx": "archive.tmx.gz", "json": "archive.json.gz", "schema": "archive.schema.json"}

# The kinds of generated page (their front matter's ``kind``), and those that
# belong to one report (their counterparts in other languages are the same
# report's pages).
PAGE_KINDS = ("home", "report", "missing", "compare")
REPORT_KINDS = ("report", "missing")

# A language folder: an ISO 639 code, optionally with a region or script tag.
LANGUAGE_DIR = re.compile(r"^[a-z]{2,3}(-[a-z0-9]+)?$")
# Where a build stages a folder before swapping it in (beside it: docs/.staging-…).
STAGING_PREFIX = ".staging-"

# Folders of a language tree with one page per report: out of the navigation
# (the homes list them) and cleared of pages whose report is gone.
PER_REPORT_DIRS = (REPORTS_DIR, HOME_PAGES_DIR)


def report_source(slug: str) -> str:
    """A report's Markdown, within its language folder."""
    return f"{REPORTS_DIR}/{slug}.md"


def compare_source() -> str:
    """The compare view's Markdown, within its language folder."""
    return COMPARE_PAGE


def home_source(number: int) -> str:
    """Page ``number`` of a language home, within its language folder."""
    return "index.md" if number == 1 else f"{HOME_PAGES_DIR}/{number}.md"


def html_of(source: str) -> str:
    """The page MkDocs makes of ``source`` (no directory URLs: works from disk)."""
    return source.removesuffix(".md") + ".html"


def up(depth: int) -> str:
    return "../" * depth


def report_href(slug: str, depth: int, language: str | None = None) -> str:
    """A report's page, from a page ``depth`` folders below its language
    folder: in the same language, or in ``language``."""
    if language is None:
        return f"{up(depth)}{REPORTS_DIR}/{slug}.html"
    return f"{up(depth + 1)}{language}/{REPORTS_DIR}/{slug}.html"


def compare_href(slug: str, depth: int, left: str, right: str) -> str:
    """The compare view of a report (in the same language), showing the
    versions in ``left`` and ``right`` side by side."""
    return f"{up(depth)}{html_of(COMPARE_PAGE)}?report={slug}&left={left}&right={right}"


def home_href(language: str, depth: int) -> str:
    """A language's home, from a page of another language."""
    return f"{up(depth + 1)}{language}/{html_of(home_source(1))}"


def page_href(number: int, depth: int) -> str:
    """Page ``number`` of the home, from a page of the same language."""
    return f"{up(depth)}{html_of(home_source(number))}"


def export_href(kind: str, depth: int) -> str:
    """An export file (``EXPORT_FILES``' kind) from a page of a language."""
    return f"{up(depth + 1)}{EXPORTS_DIR}/{EXPORT_FILES[kind]}"


def feed_href(depth: int) -> str:
    """The language's feed, from a page ``depth`` folders below its root."""
    return up(depth) + FEED_FILE


def compare_data(slug: str) -> str:
    """A report's compare data script, from the site root."""
    return f"{COMPARE_DIR}/{slug}.js"


def compare_data_href(slug: str, depth: int) -> str:
    return up(depth + 1) + compare_data(slug)


def text_page(slug: str, page: int | str) -> str:
    """A page of a report's text, within its language folder: all in one
    folder (a folder per report cost a directory for every report and language)."""
    return f"{TEXTS_DIR}/{slug}.{page}.js"


def text_page_href(slug: str, page: int | str, depth: int, language: str) -> str:
    """A page of a report's text in ``language``, from a page ``depth`` folders below a language folder."""
    return f"{up(depth + 1)}{language}/{text_page(slug, page)}"


# What a report's address may be in the compare view's ``?report=``: a slug
# (grouping.py makes them of these characters), and nothing that could lead
# its script anywhere else.
SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"


def not_in_nav() -> str:
    """MkDocs' ``not_in_nav``: the per-report folders (the homes list them)
    and the compare view (the reports link to it)."""
    return "".join(f"/{folder}/\n" for folder in PER_REPORT_DIRS) + f"/{COMPARE_PAGE}\n"


def template_facts() -> dict[str, object]:
    """What the theme's templates need of the layout (``config.extra.archive.layout``)."""
    return {
        "reports": REPORTS_DIR,
        "compare_page": html_of(COMPARE_PAGE),
        "kinds": list(PAGE_KINDS),
        "report_kinds": list(REPORT_KINDS),
        "feed": FEED_FILE,
        "shared_assets_up": SHARED_ASSETS_UP,
    }
