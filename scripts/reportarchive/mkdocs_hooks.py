"""MkDocs hooks for every language build (listed in the generated configs).

Generated pages: their body is HTML already (escaped text in block-level
HTML, which Python-Markdown passes through untouched), so converting it is a
no-op that costs about half of the build (Python-Markdown parses every raw
HTML block twice): no Markdown parser is made for them at all. The body goes to the page as it is, read from its file
when the page is written: MkDocs reads and converts every page before it
writes any, and would otherwise hold every body of a language at once
(hundreds of megabytes at tens of thousands of reports); until then the page
holds a placeholder.

Templates: the theme's Jinja templates are compiled anew by every build
(about half a second each); their bytecode is kept in ``build/jinja/``,
next to the generated configurations, for the next build of any language.

Error pages: MkDocs renders 404.html with absolute links from ``/`` when no
``site_url`` is set, which breaks a site hosted under a sub-path or opened
from disk. The language's 404.html lives at the language root, so links
relative to it are right; main.html adds a ``<base>`` when the page is served
for a deeper missing URL.

Valid HTML: Material marks its drawer and search toggles, two checkboxes,
``autocomplete="off"`` (so that Firefox does not restore them open on
reload), which HTML does not allow on a checkbox. The attribute is taken off
every page here; assets/archive-palette.js closes both toggles as the page loads
instead.

Theme files once a site: the theme's static files (Material's stylesheets,
bundle and favicon, the archive's own stylesheet and scripts) are the same
bytes in every language, so the site holds them once, at its root
(``site.write_shared_assets``; ``layout.ASSETS_DIR``). A language build
copies none of them, lists them for the site build (beside its
configuration), and links to them one folder up. Only what is rendered
for the language (the theme's ``static_templates``) stays in its folder.
Listing the theme's files walks Material's 14,000 icons, which no build
copies (hidden folders are never static files): their folder is skipped.

Rendered once: the parts of a page that are the same on every page of a
folder (the navigation sidebar, the header's logo and palette, the
stylesheet and script links) are rendered for the first page that needs them
and copied into the rest (``archive_fragment``, keyed in the templates by
everything the part depends on): the theme's templates were most of a
build's time, and a language has thousands of report pages in one folder.

Lighter pages: the theme's templates indent their markup and leave blank
lines, about a tenth of every page; indentation and blank lines are taken
out (line breaks stay, so the markup still reads line by line). No page has
preformatted text (seed text is in paragraphs), and a page that had would be
left as it is.
"""

import json
import os
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, pass_context
from jinja2.runtime import Context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import YAML_RE
from mkdocs.utils.templates import TemplateContext

# What a generated page's content is until the page is written.
_BODY = "<!-- the page's body, from its file -->"


def _toggle(name: str, attributes: str = "") -> str:
    return f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}"{attributes}>'


_TOGGLES = {_toggle(name, ' autocomplete="off"'): _toggle(name) for name in ("drawer", "search")}


def _valid_toggles(html: str) -> str:
    for theirs, ours in _TOGGLES.items():
        html = html.replace(theirs, ours, 1)
    return html


_INDENTATION = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


def _without_indentation(html: str) -> str:
    if "<pre" in html or "<textarea" in html:
        return html
    return _INDENTATION.sub("\n", html)


class _VisibleFilesLoader(FileSystemLoader):
    """The theme's loader, listing no file in a hidden folder (MkDocs takes
    none of them as a static file): Material's ``.icons`` hold 14,000."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            for path, subfolders, names in os.walk(folder, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                below = os.path.relpath(path, folder).replace(os.sep, "/")
                found.update(name if below == "." else f"{below}/{name}" for name in names)
        return sorted(found)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    theme, theme_env = config.theme, config.theme.get_env

    def get_env() -> Environment:
        env = theme_env()
        env.loader = _VisibleFilesLoader(theme.dirs)
        return env

    theme.get_env = get_env  # type: ignore[method-assign]
    return config


# The theme's static files of this build, by their place below the language
# folder: the site root has them (on_files, on_env).
_shared: set[str] = set()


def _within(path: str | None, folders: list[str]) -> bool:
    if path is None:
        return False
    path = os.path.abspath(path)
    return any(os.path.commonpath([path, folder]) == folder for folder in folders)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    theme_folders = [os.path.abspath(folder) for folder in config.theme.dirs]  # custom_dir as configured: "…/../docs/…"
    listed = {}
    for file in list(files):
        if _within(file.abs_src_path, theme_folders):
            _shared.add(file.dest_uri)
            listed[file.dest_uri] = file.abs_src_path
            files.remove(file)
    # For the site build, which puts them at the site root (site.write_shared_assets).
    where = Path(str(config.config_file_path)).parent / config.extra["archive"]["theme_files"]
    temporary = where.with_name(f".{where.name}.{os.getpid()}")
    temporary.write_text(json.dumps(listed, sort_keys=True), encoding="utf-8")
    os.replace(temporary, where)
    return files


def _shared_assets_url(url_filter: Callable[[Context, str], str], up: str) -> Callable[[Context, object], str]:
    """The url filter, for a shared theme file linking to its copy at the site root."""

    @pass_context
    def url(context: Context, value: object) -> str:
        value = str(value)
        return url_filter(context, up + value if value in _shared else value)

    return url


def _fragments() -> Callable[..., str]:
    """``{% call archive_fragment(key) %}…{% endcall %}``: the markup inside,
    rendered the first time ``key`` is met and the same markup after (the key
    names everything the markup depends on)."""
    rendered: dict[str, str] = {}

    def archive_fragment(key: list[object], caller: Callable[[], str]) -> str:
        name = repr(key)
        if name not in rendered:
            rendered[name] = caller()
        return rendered[name]

    return archive_fragment


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["archive_fragment"] = _fragments()
    env.filters["url"] = _shared_assets_url(env.filters["url"], config.extra["archive"]["layout"]["shared_assets_up"])
    cache = Path(str(config.config_file_path)).resolve().parent.parent / "jinja"
    cache.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(cache))
    env.auto_reload = False  # (a build's templates do not change while it runs: no stat per include)
    return env


def _generated(page: Page, config: MkDocsConfig) -> bool:
    return page.meta.get("kind") in config.extra["archive"]["layout"]["kinds"]


def _body(page: Page) -> str:
    """A generated page's body: its file less the front matter, as MkDocs
    reads it (the front matter was parsed when the page was read: only cut here)."""
    source = Path(str(page.file.abs_src_path)).read_text(encoding="utf-8-sig", errors="strict")
    front_matter = YAML_RE.match(source)
    return source[front_matter.end() :].lstrip("\n") if front_matter else source


def _render_generated(page: Page, config: MkDocsConfig, files: Files) -> None:
    """``Page.render`` for a generated page: no Markdown to convert (not even
    an empty one: a parser made for each page costs ~1 ms), no table of contents."""
    page.content, page.toc = _BODY, get_toc([])


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not _generated(page, config):
        return markdown
    page.render = partial(_render_generated, page)  # type: ignore[method-assign]
    return ""


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _BODY if _generated(page, config) else html


def on_template_context(context: TemplateContext, template_name: str, config: MkDocsConfig) -> TemplateContext:
    if template_name == "404.html" and not config.site_url:
        context["base_url"] = "."
    return context


def _direction_on_html(html: str, config: MkDocsConfig) -> str:
    """Material puts the language's direction on <body>; checkers and
    assistive technology read it on <html> too."""
    direction = str(config.extra.get("archive", {}).get("direction", "ltr"))
    return html.replace("<html ", f'<html dir="{direction}" ', 1)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if _generated(page, config):
        output = output.replace(_BODY, _body(page), 1)
    return _without_indentation(_direction_on_html(_valid_toggles(output), config))


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name.endswith(".html"):
        output_content = _without_indentation(_direction_on_html(output_content, config))
    return _valid_toggles(output_content)
