{#-
  Material's palette script (partials/javascripts/palette.html: the reader's
  chosen colour scheme, set before the page is drawn), as a file that every
  page loads from the cache rather than a copy of it in every page. A static
  template (mkdocs.yml's theme.static_templates): the theme stays its owner.
-#}
{%- set script %}{% include "partials/javascripts/palette.html" %}{% endset -%}
{{ script | trim | replace("<script>", "") | replace("</script>", "") }}
