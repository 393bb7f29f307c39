"""Hostile seeds: text that would be markup, script or template if it were
not escaped. Shared by tests/test_hostile.py (HTML and browser checks).

Every payload that could run sets ``window.__pwned`` (or calls ``alert``), so
a browser test only has to look at one global and at the dialogs.

``SEEDS`` maps a file name to ``(text, visible)``: ``visible`` are strings
that must appear, exactly as written, in the rendered article's text.
"""

from __future__ import annotations

import yaml

FILLER = "The committee met on Tuesday to review the budget and to approve the plan for the next year."

SCRIPT_TAG = "<script>window.__pwned=1</script>"
BREAKOUT = '</p></div></article><script>window.__pwned="breakout"</script>'
TITLE_BREAKOUT = "</title><script>window.__pwned='title'</script> Quarterly report of the committee"
HANDLERS = [
    '<img src=x onerror="window.__pwned=2">',
    "<svg onload=window.__pwned=3>",
    '<a href="#" onclick="window.__pwned=4" id="clickme">click me</a>',
    '<iframe srcdoc="<script>parent.__pwned=5</script>"></iframe>',
    '<body onload="window.__pwned=6"> <details open ontoggle="window.__pwned=7">',
    "\"><img src=x onerror=alert(8)> '><svg/onload=alert(9)>",
    "<style>*{display:none!important}</style> <link rel=stylesheet href=data:text/css,*{display:none}>",
    '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=10">',
]
JS_LINKS = [
    "[click me](javascript:window.__pwned=11)",
    '<a href="javascript:window.__pwned=12">javascript link</a>',
    "[data link](data:text/html,<script>window.__pwned=13</script>)",
    "<https://autolink.example.org/>",
]
MARKDOWN = [
    "# Heading one",
    "## Heading two {#custom-id}",
    "**bold** and *italic* and `code` and ~~strike~~",
    "[a link](https://evil.example.org/) and [ref][1]",
    "[1]: https://evil.example.org/reference",
    "![an image](https://evil.example.org/x.png)",
    "> a quotation",
    "* a list item",
    "1. a numbered item",
    "a b | c d | e f",
    "```js",
    "window.__pwned=14",
    "```",
    "~~~",
    "***",
    "Setext heading",
    "===",
    "Footnote[^1] and :smile: and $$x^2$$",
]
JINJA = [
    "{{ config.site_name }} {{ 7*7 }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{# a comment #} ${7*7} <%= 7*7 %>",
    "{% raw %}{{ raw }}{% endraw %}",
]
FRONT_MATTER_LINES = ["---", "title: PWNED", "hooks: [evil.py]", "template: evil.html", "---"]
COMMENTS = [
    "<!-- an unclosed comment starts here",
    "<![CDATA[ cdata ]]> <?php echo 1; ?> <!DOCTYPE html>",
]
ENTITIES = ["&lt;script&gt; &amp;amp; &#60;b&#62; &#x3C;i&#x3E; &nbsp; &copy;"]
INDENTED_CODE = "window.__pwned=15"

# Invisible controls: removed by the reader (see reportarchive.reader.strip_deceptive).
BIDI_RAW = "invoice_\u202egnp.exe\u202c and \u2066isolated\u2069 and \u202blre\u202c and \u202dlro\u202c"
BIDI_SHOWN = "invoice_gnp.exe and isolated and lre and lro"
ZERO_WIDTH_RAW = "pass\u200bword and zero\u2060width and bom\ufeffinside and join\u200dlatin"
ZERO_WIDTH_SHOWN = "password and zerowidth and bominside and joinlatin"
# Joiners that scripts and emoji need are kept.
JOINERS = "می\u200cخواهم and 👩\u200d👩\u200d👧 and क्\u200dष"

HOSTILE_FILE_NAME = '"><svg onload=window.__pwned=16>.txt'

SEEDS: dict[str, tuple[str, list[str]]] = {
    "h01_script.txt": (
        f"{SCRIPT_TAG} in the lead paragraph.\n\n{FILLER}\n\n{BREAKOUT}\n\nSource : https://example.org/hostile/script-tags\n",
        [SCRIPT_TAG, BREAKOUT],
    ),
    "h02_title.txt": (
        f"{TITLE_BREAKOUT}\n\n{FILLER}\n\nSource : https://example.org/hostile/title-breakout\n",
        [TITLE_BREAKOUT],
    ),
    "h03_handlers.txt": (
        "\n\n".join([FILLER, *HANDLERS, "Source : https://example.org/hostile/event-handlers"]) + "\n",
        HANDLERS,
    ),
    "h04_javascript_source.txt": (
        "\n\n".join([FILLER, *JS_LINKS, "Source : javascript:window.__pwned=17"]) + "\n",
        JS_LINKS + ["javascript:window.__pwned=17"],
    ),
    "h05_data_source.txt": (
        f"{FILLER}\n\nA data address follows.\n\nSource : "
        "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xODwvc2NyaXB0Pg==\n",
        ["data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xODwvc2NyaXB0Pg=="],
    ),
    "h06_markdown.txt": (
        FILLER + "\n\n" + "\n".join(MARKDOWN) + "\n\nSource : https://example.org/hostile/markdown\n",
        [m for m in MARKDOWN],
    ),
    "h07_jinja.txt": (
        JINJA[0]
        + " opens the report.\n\n"
        + FILLER
        + "\n\n"
        + "\n\n".join(JINJA[1:])
        + "\n\nSource : https://example.org/hostile/jinja\n",
        JINJA,
    ),
    "h08_front_matter.txt": (
        "\n".join(FRONT_MATTER_LINES) + "\n\n" + FILLER + "\n\nSource : https://example.org/hostile/front-matter\n",
        FRONT_MATTER_LINES[1:4],
    ),
    "h09_title_line.txt": (
        "Title: x\nSummary: y\n\n" + FILLER + "\n\nSource : https://example.org/hostile/title-line\n",
        ["Title: x", "Summary: y"],
    ),
    "h10_comment.txt": (
        FILLER
        + "\n\n"
        + COMMENTS[0]
        + "\n\nThe text after the comment is still shown.\n\n"
        + COMMENTS[1]
        + "\n\nSource : https://example.org/hostile/unclosed-comment\n",
        COMMENTS + ["The text after the comment is still shown."],
    ),
    "h11_indents.txt": (
        FILLER
        + "\n\n    "
        + INDENTED_CODE
        + "\n\n\t<script>window.__pwned=19</script>\n\n        deeply indented words\n\n"
        "Source : https://example.org/hostile/indents\n",
        [INDENTED_CODE, "<script>window.__pwned=19</script>", "deeply indented words"],
    ),
    "h12_invisible.txt": (
        f"{FILLER}\n\n{BIDI_RAW}\n\n{ZERO_WIDTH_RAW}\n\n{JOINERS}\n\nSource : https://example.org/hostile/bidi\n",
        [BIDI_SHOWN, ZERO_WIDTH_SHOWN, JOINERS],
    ),
    "h13_entities.txt": (
        FILLER + "\n\n" + ENTITIES[0] + "\n\nSource : https://example.org/hostile/entities\n",
        ENTITIES,
    ),
    "h14_metadata.txt": (
        # A hostile byline and captions; the title comes from metadata.yml.
        FILLER + "\n\n| <img src=x onerror=window.__pwned=20> caption |\n\nMore words of the body follow here, plainly."
        "\n\nText and photos : <script>window.__pwned=21</script>\n\nSource : https://example.org/hostile/metadata\n",
        ["<img src=x onerror=window.__pwned=20> caption", "<script>window.__pwned=21</script>"],
    ),
    HOSTILE_FILE_NAME: (
        FILLER + "\n\nThe name of this file is hostile.\n\nSource : https://example.org/hostile/file-name\n",
        ["The name of this file is hostile."],
    ),
}

# What a property test over random text tends to find: entities, escapes,
# angle brackets, combining marks, emoji sequences, right-to-left text.
NASTY = [
    "&amp;lt; &#0; &#x110000; &bogus; &; &#; a&b",
    "\\\\ \\* \\_ \\` \\[ \\] \\# \\!",
    "x<y>z <<>> <> </> < p > <p",
    "]]> ?> --> --!> */ </script",
    "e\u0301 precomposed after NFC and a\u0308 too",
    "🏳️\u200d🌈 👍🏽 🇫🇷 1️⃣",
    "مرحبا بالعالم والسلام עברית",
    "ﷺ \ufdfd \u0e01\u0e33",
    "_*_ *_* ** __ `` ~~ == -- ++ ||| ::: ;;;",
    "\x1b[31mred\x1b[0m and a bell\x07 and a form\x0cfeed",
]
SEEDS["h16_nasty.txt"] = (
    "\n\n".join([FILLER, *NASTY, "Source : https://example.org/hostile/nasty"]) + "\n",
    ["x<y>z <<>> <> </> < p > <p", "]]> ?> --> --!> */ </script", "&amp;lt; &#0; &#x110000; &bogus; &; &#; a&b"],
)

METADATA_TITLE = "<script>window.__pwned=22</script> Title from metadata"


def metadata_yml() -> str:
    entries = {name: {"language": "en"} for name in SEEDS}
    entries["h14_metadata.txt"]["title"] = METADATA_TITLE
    return yaml.safe_dump(entries, allow_unicode=True)


def write_seeds(folder) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (text, _) in SEEDS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "metadata.yml").write_text(metadata_yml(), encoding="utf-8")
