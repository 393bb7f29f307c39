"""MkDocs hooks for every language build (listed in the generated configs).

Generated pages: their body is HTML already (escaped text in block-level
HTML, which Python-Markdown passes through untouched), so converting it is a
no-op that costs about half of the build (Python-Markdown parses every raw
HTML block twice). The body goes to the page as it is, read from its file
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

Lighter pages: the theme's templates indent their markup and leave blank
lines, about a tenth of every page; indentation and blank lines are taken
out (line breaks stay, so the markup still reads line by line). No page has
preformatted text (seed text is in paragraphs), and a page that had would be
left as it is.
"""

import re
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
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


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
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


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return "" if _generated(page, config) else markdown


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
