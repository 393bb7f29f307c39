{#-
  The search box of this language's pages (partials/archive-search.html):
  its markup and strings, which every page carried before, once a language
  site. A static template (mkdocs.yml's theme.static_templates), rendered
  with the language's strings; main.html loads it just before
  assets/archive-search.js, which puts the box after the header's search button.
  Loaded by every page, it also remembers where the site root is
  (site.py, LANGUAGE_PAGE_REMEMBERS).
-#}
{%- import "partials/language.html" as lang with context -%}
{%- set markup %}{% include "partials/archive-search.html" %}{% endset -%}
window.archiveSearchBox={{ markup | trim | tojson }};
{{ config.extra.archive.remember_root }}
