"""Rendering the site: one MkDocs build per language, run in parallel.

Each language is its own MkDocs site (``site/<lang>/``) built from
``docs/<lang>/`` with a generated configuration that INHERITs ``mkdocs.yml``.
mkdocs-static-i18n (``build_only_locale``) localizes the theme for it. One
build per language keeps every search index to its own language, lets the
builds use every core, and keeps every page's links relative, so the same
``site/`` works hosted under any path and from disk.

The builds go to a staging folder that replaces ``site/`` only when all of
them succeeded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import compare, exports, feeds, layout, progress, search, sitemaps, strings, texts, timing
from .caching.digests import report_digests
from .caching.files import make_staging_dir, replace_dir, write_if_changed
from .caching.memo import Memo
from .records import Report

# Browser assets vendored from npm (scripts/vendor, with a lockfile), once at
# the site root with the theme's files (write_shared_assets): place -> file
# below scripts/vendor/node_modules.
# (The minified builds lunr-languages ships: a reader's first query loads them.)
VENDORED_ASSETS = {
    "assets/vendor/lunr/lunr.min.js": "lunr/lunr.min.js",
    "assets/vendor/lunr-languages/lunr.stemmer.support.js": "lunr-languages/min/lunr.stemmer.support.min.js",
}


def vendored_assets(languages: list[str]) -> dict[str, str]:
    """The vendored files a site in ``languages`` needs, stemmers included.

    Every language site gets every site language's stemmer, for the search
    box's "all languages" choice.
    """
    assets = dict(VENDORED_ASSETS)
    for code in sorted(set(languages) & (search.STEMMED_LANGUAGES - {"en"})):
        assets[f"assets/vendor/lunr-languages/lunr.{code}.js"] = f"lunr-languages/min/lunr.{code}.min.js"
    return assets


# Every page remembers, in the reader's browser, where its site root is: the
# site's 404 page, served for any missing address at any depth, links into the
# site from there when the address itself does not tell. The root's own page
# says it inline; a language site's pages through the search box's file, two
# folders below the root (<lang>/assets/), which every page loads (a language
# 404 page without a site_url, resolved against a <base>, says nothing).
ROOTS_KEY = "report-archive.roots"


def remember_root_js(root: str) -> str:
    """The script that puts ``root`` (a JavaScript ``URL``) first in the reader's list of site roots."""
    return (
        'try{if(location.protocol!=="file:"){var k=' + json.dumps(ROOTS_KEY) + f",r=({root}).pathname,"
        'l=JSON.parse(localStorage.getItem(k)||"[]");'
        "if(l[0]!==r)localStorage.setItem(k,JSON.stringify([r].concat(l.filter(function(x){return x!==r}))"
        ".slice(0,8)))}}catch(e){}"
    )


ROOT_PAGE_REMEMBERS = remember_root_js('new URL("./",location.href)')
LANGUAGE_PAGE_REMEMBERS = (
    'if(!document.querySelector("base")){' + remember_root_js('new URL("../../",document.currentScript.src)') + "}"
)


@dataclass(frozen=True)
class LanguageBuild:
    language: str
    config_path: Path
    site_dir: Path


@lru_cache(maxsize=1)
def material_languages() -> frozenset[str]:
    import material

    folder = Path(material.__file__).parent / "templates" / "partials" / "languages"
    return frozenset(p.stem for p in folder.glob("*.html"))


def theme_language(language: str) -> str:
    """Material's own UI strings: the language itself, else English."""
    return language if language in material_languages() else strings.FALLBACK_LANGUAGE


def root_url(project_dir: Path) -> str | None:
    """The public address of the site root: ``$SITE_URL``, else mkdocs.yml's ``site_url``."""
    url = os.environ.get("SITE_URL")
    if url is None:
        config_path = project_dir / "mkdocs.yml"
        try:
            info = config_path.stat()
        except OSError:
            return None
        url = _configured_site_url(str(config_path), info.st_mtime_ns, info.st_size)
    if not url:
        return None
    return url if url.endswith("/") else url + "/"


@lru_cache(maxsize=8)
def _configured_site_url(config_path: str, mtime_ns: int, size: int) -> str | None:
    """mkdocs.yml's ``site_url``, read once for each version of the file (a
    build asks about ten times; PyYAML reads it in tens of milliseconds)."""
    try:
        config = yaml.load(Path(config_path).read_text(encoding="utf-8"), Loader=_IgnoreTagsLoader)
    except (OSError, yaml.YAMLError):
        config = {}
    return (config or {}).get("site_url") if isinstance(config, dict) else None


class _IgnoreTagsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving MkDocs' own tags (!ENV, !relative)."""


_IgnoreTagsLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def language_config(
    language: str, languages: list[str], project_dir: Path, config_dir: Path, site_dir: Path
) -> dict[str, Any]:
    def rel(path: Path) -> str:
        return os.path.relpath(path, config_dir)

    root = root_url(project_dir)
    return {
        "INHERIT": rel(project_dir / "mkdocs.yml"),
        "site_name": strings.text(language, "site_name"),
        "site_description": strings.text(language, "site_description"),
        "copyright": strings.text(language, "copyright"),
        "site_url": f"{root}{language}/" if root else None,
        "docs_dir": rel(project_dir / "docs" / language),
        "site_dir": rel(site_dir),
        "theme": {"custom_dir": rel(project_dir / "docs" / "overrides"), "language": theme_language(language)},
        "hooks": [rel(Path(__file__).with_name("mkdocs_hooks.py"))],
        # Language homes list the reports: the navigation stays small at any size.
        "not_in_nav": layout.not_in_nav(),
        "plugins": {
            "i18n": {
                "build_only_locale": language,
                "languages": [
                    {"locale": code, "name": strings.language_name(code), "default": code == language}
                    for code in languages
                ],
            },
        },
        "extra": {
            # Read by Material's header to show the language button at all; the
            # entries themselves are rendered per page by partials/alternate.html.
            "alternate": [
                {"name": strings.language_name(code), "link": f"../{code}/index.html", "lang": code}
                for code in languages
            ],
            "archive": {
                "language": language,
                "direction": strings.direction(language),
                "root_url": root,
                "languages": [
                    {"code": code, "name": strings.language_name(code), "dir": strings.direction(code)}
                    for code in languages
                ],
                "all_languages": strings.text(language, "search_all"),
                "more_results": strings.text(language, "search_more"),
                # Search counts: the forms, and the language whose plural rules choose (Intl.PluralRules).
                "search_count": dict(zip(("language", "forms"), strings.forms(language, "search_count"), strict=True)),
                "not_found_title": strings.text(language, "not_found_title"),
                "not_found_body": strings.text(language, "not_found_body"),
                "feed_title": feeds.title(language),
                "remember_root": LANGUAGE_PAGE_REMEMBERS,
                "layout": layout.template_facts(),
            },
        },
    }


CONFIG_DIR = "mkdocs"  # in build/: each language's generated MkDocs configuration


def config_file(build_dir: Path, language: str) -> Path:
    """A language's generated MkDocs configuration: ``build/mkdocs/<lang>.yml``."""
    return build_dir / CONFIG_DIR / f"{language}.yml"


@timing.stage("configs")
def write_configs(languages: list[str], project_dir: Path, build_dir: Path, site_dir: Path) -> list[LanguageBuild]:
    config_dir = build_dir / CONFIG_DIR
    config_dir.mkdir(parents=True, exist_ok=True)
    builds = []
    for language in languages:
        path = config_file(build_dir, language)
        config = language_config(language, languages, project_dir, config_dir, site_dir / language)
        config["extra"]["archive"]["theme_files"] = theme_files_list(path).name  # beside the configuration
        path.write_text(
            "# Generated by scripts/build.py; edit mkdocs.yml instead.\n"
            + yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
        builds.append(LanguageBuild(language, path, site_dir / language))
    for stale in config_dir.glob("*.yml"):
        if stale.stem not in languages:
            stale.unlink()
            theme_files_list(stale).unlink(missing_ok=True)
    return builds


def run_mkdocs(build: LanguageBuild, strict: bool, dirty: bool = False) -> tuple[str, int, str]:
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--quiet",
        "--config-file",
        str(build.config_path),
        "--site-dir",
        str(build.site_dir),
    ]
    if strict:
        command.append("--strict")
    if dirty:  # only pages whose Markdown is newer than their HTML
        command.append("--dirty")
    # Material announces MkDocs 2 on every build; the pin (mkdocs<2) makes it moot.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with timing.interval("mkdocs", build.language):
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        timing.checkpoint("mkdocs-running")
        stdout, stderr = process.communicate()
    output = "\n".join(line for line in (stdout + stderr).splitlines() if line.strip())
    return build.language, process.returncode, output


def vendor_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "vendor" / "node_modules"


def missing_vendored_assets(languages: list[str]) -> list[str]:
    return [source for source in vendored_assets(languages).values() if not (vendor_dir() / source).is_file()]


THEME_FAVICON = "assets/images/favicon.png"  # Material's theme.favicon, among the shared assets

# What Material has among its static files that this site never loads: its
# own search (lunr and the search worker; the archive has its own search) and
# the source maps of its bundles. 2.2 of the 2.7 MB of its assets.
UNUSED_THEME_ASSETS = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


def theme_files_list(config_path: Path) -> Path:
    """Where a language build lists the theme's static files it left to the
    site root (``mkdocs_hooks.on_files``): beside its configuration."""
    return config_path.with_suffix(".theme-files.json")


def _used(place: str) -> bool:
    return not place.startswith(UNUSED_THEME_ASSETS) and not place.endswith(".map")


@timing.stage("shared_assets")
def write_shared_assets(site_dir: Path, builds: list[LanguageBuild], languages: list[str]) -> None:
    """What every language's pages load alike, once at the site root
    (``layout.ASSETS_DIR``; the language builds link to it there,
    ``mkdocs_hooks``), once they are built: the theme's static files they
    listed (MkDocs' own choice, its custom_dir first; less those the site never
    loads), the vendored scripts and the search's text analysis (the build's
    own, run by the browser too). A file already there with the same bytes is
    left as it is (``make serve`` writes the set after every change)."""
    sources = {place: vendor_dir() / source for place, source in vendored_assets(languages).items()}
    sources[search.ANALYSIS_ASSET] = search.ANALYSIS_JS
    for build in builds:
        listed = json.loads(theme_files_list(build.config_path).read_text(encoding="utf-8"))
        sources.update((place, Path(source)) for place, source in listed.items() if _used(place))
    for place, source in sorted(sources.items()):
        write_if_changed(site_dir / place, source.read_bytes())


@timing.stage("root_pages")
def render_root(site_dir: Path, reports: list[Report], languages: list[str], root: str | None) -> None:
    """The site root: a page that leads to every language, in that language."""
    env = Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=select_autoescape(default=True)
    )
    entries = [
        {
            "code": code,
            "dir": strings.direction(code),
            "name": strings.language_name(code),
            "intro": strings.text(code, "root_intro"),
            "count": strings.text(code, "report_count", count=sum(1 for r in reports if r.translation(code))),
            "site_name": strings.text(code, "site_name"),
        }
        for code in languages
    ]
    if root:
        (site_dir / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {root}sitemap.xml\n", encoding="utf-8")
    site_name = strings.text(strings.FALLBACK_LANGUAGE, "site_name")

    def in_every_language(key: str) -> str:
        """The string in each of the site's languages, each once: the root speaks them all."""
        return " · ".join(dict.fromkeys(strings.text(code, key) for code in languages))

    heading = in_every_language("choose_language")
    not_found = {
        "title": strings.text(strings.FALLBACK_LANGUAGE, "not_found_title"),
        "body": strings.text(strings.FALLBACK_LANGUAGE, "not_found_body"),
        "translations": {
            code: {
                "title": strings.text(code, "not_found_title"),
                "body": strings.text(code, "not_found_body"),
                "site_name": strings.text(code, "site_name"),
                "dir": strings.direction(code),
            }
            for code in languages
        },
    }
    for name in ("index.html", "404.html"):
        html = env.get_template(name).render(
            languages=entries,
            site_name=site_name,
            heading=heading,
            not_found=not_found,
            root_url=root,
            every_site_name=in_every_language("site_name"),
            every_intro=in_every_language("root_intro"),
            remember_root=ROOT_PAGE_REMEMBERS,
            roots_key=ROOTS_KEY,
            # The root 404 page is served at any depth: absolute links when known.
            link_root=(root or "") if name == "404.html" else "",
            favicon=THEME_FAVICON,
        )
        (site_dir / name).write_text(html, encoding="utf-8")


# What each language folder has besides MkDocs' pages: written beside them
# (MkDocs empties its folder first) and moved in once MkDocs is done.
LANGUAGE_DATA = (search.SEARCH_DIR, layout.TEXTS_DIR, layout.FEED_FILE)


@timing.stage("search_write")
def write_language_data(
    site_dir: Path,
    reports: list[Report],
    languages: list[str],
    memo: Memo | None,
    only: list[str] | None = None,
    root: str | None = None,
    digests: dict[str, str] | None = None,
) -> None:
    """Every language's text store (``texts.files``), search index
    (``search.files``) and feed (``feeds.files``; ``root``: the site's public
    address) in ``site_dir/<lang>/``, a file at a time; files left as they
    are when unchanged, files of reports that are gone removed. (Paths as
    strings: these are tens of thousands of small files.) ``digests``: as
    ``report_digests`` gives them, computed when not given."""
    wanted: set[str] = set()
    every_file = chain(
        search.files(reports, languages, memo, only),
        # After the search: by then the compare data's workers (``Ahead``) have
        # made most texts' pages, which this would otherwise make again.
        texts.files(reports, only or languages, memo, digests),
        feeds.files(reports, only or languages, root),
    )
    for language, relative, content in every_file:
        path = os.path.join(site_dir, language, relative)
        wanted.add(path)
        write_if_changed(path, content)
    for language in only or languages:
        for folder in LANGUAGE_DATA:
            _remove_unwanted(os.path.join(site_dir, language, folder), wanted)


def _remove_unwanted(folder: str, wanted: set[str]) -> None:
    for dirpath, _, names in os.walk(folder, topdown=False):
        for name in names:
            path = os.path.join(dirpath, name)
            if path not in wanted:
                os.unlink(path)
        if dirpath != folder and not os.listdir(dirpath):
            os.rmdir(dirpath)  # a folder left empty (the text store had one a report before)


# What a report's compare data is prepared with, in the same worker: its
# export entries (they need its alignments) and its text store pages.
PREPARED_WITH_COMPARE_DATA: compare.Extras = (exports.entries, texts.entries)


class Ahead:
    """The compare data and export entries of every report (``compare.prepare``),
    begun in a thread of its own as soon as the reports are known: the
    alignments, the longest work of a first build, then run in worker
    processes while this one generates the pages (the thread only sends
    reports and keeps results), and the site build finds them in the memo
    (or waits for the rest: ``compare.prepare`` runs one at a time).
    """

    def __init__(self, memo: Memo) -> None:
        self.memo = memo
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def begin(self, reports: list[Report]) -> None:
        self._thread = threading.Thread(target=self._prepare, args=(list(reports),), name="ahead", daemon=True)
        self._thread.start()

    def _prepare(self, reports: list[Report]) -> None:
        digests = report_digests(reports)
        try:
            compare.prepare(reports, self.memo, digests, PREPARED_WITH_COMPARE_DATA, self._stop)
        except Exception:  # noqa: S110 (the site build prepares what is missing again, and says what fails)
            pass

    def stop(self) -> None:
        """No new batch; back once the one under way is done (its work is kept)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


def write_shared_extras(
    site_dir: Path,
    project_dir: Path,
    reports: list[Report],
    languages: list[str],
    memo: Memo | None = None,
    digests: dict[str, str] | None = None,
) -> None:
    """What the site root has: the compare data, the exports and the root pages.

    Each report's part is taken from ``memo`` when its records are unchanged
    (``digests``: ``report_digests``, computed when not given). Files whose
    content is unchanged are left alone (an in-place update then touches only
    what changed); compare data of reports that are gone is removed.
    """
    digests = digests or report_digests(reports)
    memo = memo if memo is not None else Memo()
    wanted = set()
    for path, content in compare.files(reports, memo, digests, PREPARED_WITH_COMPARE_DATA):
        wanted.add(site_dir / path)
        write_if_changed(site_dir / path, content)
    compare_dir = site_dir / layout.COMPARE_DIR
    if compare_dir.is_dir():
        for stale in compare_dir.glob("*.js"):
            if stale not in wanted:
                stale.unlink()
    exports.write(site_dir / layout.EXPORTS_DIR, reports, memo, digests)
    compare.forget_alignments()
    render_root(site_dir, reports, languages, root_url(project_dir))


def can_update(project_dir: Path, languages: list[str]) -> bool:
    """Whether site/ can be updated in place: built before for these very languages."""
    config_dir, site_dir = project_dir / "build" / CONFIG_DIR, project_dir / "site"
    return {p.stem for p in config_dir.glob("*.yml")} == set(languages) and all(
        (site_dir / language / "index.html").is_file() for language in languages
    )


@timing.stage("site_update")
def update_site(
    project_dir: Path,
    reports: list[Report],
    languages: list[str],
    changed: list[str],
    jobs: int | None = None,
    memo: Memo | None = None,
) -> list[tuple[str, int, str]]:
    """Live preview: rebuild in place only the pages of ``changed`` languages
    whose Markdown changed (MkDocs' --dirty), and meanwhile their search
    indexes and what changed of the compare data, exports and root pages.
    Not atomic, and no --strict: for ``make serve`` only."""
    site_dir = project_dir / "site"
    builds = [
        LanguageBuild(language, config_file(project_dir / "build", language), site_dir / language)
        for language in changed
    ]
    with ThreadPoolExecutor(max_workers=jobs or max(1, min(len(builds), os.cpu_count() or 1))) as pool:
        running = [pool.submit(run_mkdocs, build, False, True) for build in builds]
        # While MkDocs renders, the rest: nothing of it depends on MkDocs' output.
        # Scores are on one scale for the whole archive: every language's index may change.
        digests = report_digests(reports)
        write_language_data(site_dir, reports, languages, memo, root=root_url(project_dir), digests=digests)
        write_shared_extras(site_dir, project_dir, reports, languages, memo, digests)
        with progress.phase("MkDocs", len(running), "language") as advance:
            for _ in as_completed(running):
                advance()
        results = [future.result() for future in running]
    for language, code, _ in results:
        if code == 0:
            remove_orphan_pages(site_dir / language, project_dir / "docs" / language)
    write_shared_assets(site_dir, [b for b, (_, code, _) in zip(builds, results, strict=True) if code == 0], languages)
    split_sitemaps(site_dir, languages, root_url(project_dir))
    return results


def split_sitemaps(site_dir: Path, languages: list[str], root: str | None) -> None:
    """Each language's sitemap within the protocol's limits, and the root
    index listing every file (``sitemaps.py``): absolute with a site_url; the
    theme also reads it when a page offers the root as x-default. Run once
    MkDocs has written the language sitemaps."""
    files = {code: sitemaps.split(site_dir / code, f"{root}{code}/" if root else "") for code in languages}
    sitemaps.write_index(site_dir, {code: names for code, names in files.items() if names}, root)


def remove_orphan_pages(language_site: Path, language_docs: Path) -> None:
    """The HTML of generated pages whose Markdown is gone (a deleted report):
    MkDocs' --dirty never removes anything."""
    for folder in layout.PER_REPORT_DIRS:
        for page in (language_site / folder).glob("*.html"):
            if not (language_docs / folder / (page.stem + ".md")).is_file():
                page.unlink()


def _move_data_in(data_staging: Path, builds: list[LanguageBuild]) -> None:
    """Once MkDocs is done with the language folders (it empties its own
    first), the text stores and search indexes written beside them go in."""
    for build in builds:
        for name in LANGUAGE_DATA:
            written = data_staging / build.language / name
            if written.exists() and build.site_dir.is_dir():
                os.replace(written, build.site_dir / name)
    shutil.rmtree(data_staging, ignore_errors=True)


@timing.stage("site")
def build_site(
    project_dir: Path,
    reports: list[Report],
    languages: list[str],
    strict: bool,
    jobs: int | None = None,
    memo: Memo | None = None,
    only: list[str] | None = None,
) -> list[tuple[str, int, str]]:
    """Build every language into a staging folder, then swap it for ``site/``.

    Returns ``(language, exit code, output)`` per language; ``site/`` is left
    untouched unless every build succeeded. With ``only``, just those
    languages' folders (with what the site root has, which every subset
    shares): a part of the site for ``merge.py`` to put together with the others.
    """
    site_dir = project_dir / "site"
    build_dir = project_dir / "build"
    build_dir.mkdir(exist_ok=True)
    staging = make_staging_dir(build_dir, "site-")
    # Named like the site's staging folder: a killed build's is cleared the same way.
    search_staging = make_staging_dir(build_dir, "site-search-")
    builds = [
        build
        for build in write_configs(languages, project_dir, build_dir, staging)
        if build.language in (only or languages)
    ]
    workers = jobs or min(len(builds), os.cpu_count() or 1) or 1
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool, progress.phase("MkDocs", len(builds), "language") as done:
            running = [pool.submit(run_mkdocs, build, strict) for build in builds]
            for future in running:
                future.add_done_callback(lambda _: done())
            # While MkDocs renders (each build empties its own folder first), the
            # text stores, search indexes and feeds (beside the staging folder,
            # moved in once MkDocs is done), then what lies beside the language
            # folders: the compare data and exports, which the workers begun ahead
            # (``Ahead``) have prepared meanwhile.
            digests = report_digests(reports)
            write_language_data(search_staging, reports, languages, memo, only, root_url(project_dir), digests)
            write_shared_extras(staging, project_dir, reports, languages, memo, digests)
            results = [future.result() for future in running]
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        _move_data_in(search_staging, builds)
    if any(code != 0 for _, code, _ in results):
        shutil.rmtree(staging, ignore_errors=True)
        return results
    write_shared_assets(staging, builds, languages)
    split_sitemaps(staging, languages, root_url(project_dir))
    timing.checkpoint("site-staged")
    # One atomic exchange where the system has it: site/ is never missing.
    old = replace_dir(staging, site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return results
