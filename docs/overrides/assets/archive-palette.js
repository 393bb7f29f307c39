{#-
  Material's palette script (partials/javascripts/palette.html: the reader's
  chosen colour scheme, set before the page is drawn), as a file that every
  page loads from the cache rather than a copy of it in every page. A static
  template (mkdocs.yml's theme.static_templates): the theme stays its owner.
  It also closes the drawer and search toggles, whatever state the browser
  restored (mkdocs_hooks.py removes the theme's autocomplete="off"): the
  header loads it, after the toggles and before anything that reads them.
-#}
{%- set script %}{% include "partials/javascripts/palette.html" %}{% endset -%}
{{ script | trim | replace("<script>", "") | replace("</script>", "") }}
["__drawer","__search"].forEach(function(i){var t=document.getElementById(i);if(t)t.checked=false});
