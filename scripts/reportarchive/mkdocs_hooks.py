"""MkDocs hooks for every language build (listed in the generated configs).

Error pages: MkDocs renders 404.html with absolute links from ``/`` when no
``site_url`` is set, which breaks a site hosted under a sub-path or opened
from disk. The language's 404.html lives at the language root, so links
relative to it are right; main.html adds a ``<base>`` when the page is served
for a deeper missing URL.
"""

from mkdocs.utils import normalize_url


def on_template_context(context, template_name, config):
    if template_name == "404.html" and not config.site_url:
        context["base_url"] = "."
        context["extra_css"] = [normalize_url(str(path), None, ".") for path in config.extra_css]
        context["extra_javascript"] = [normalize_url(str(script), None, ".") for script in config.extra_javascript]
    return context
