"""Nothing lost: random Unicode and Markdown metacharacters through the pipeline.

For every generated seed, ``pipeline.gather`` must not crash, and the page it
generates, as MkDocs puts it in the page (``mkdocs_hooks``: the body is
escaped HTML, never rendered by Python-Markdown), must show every block's text. A real
MkDocs build of such examples is in test_hostile.py (``NASTY``).

A second property: every word of a seed's body lines (those that are not
metadata or known debris) is in some block.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from types import SimpleNamespace

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from htmltext import all_text, squash
from reportarchive import cleaners, language, layout, mkdocs_hooks, pipeline, reader


def rendered_text(page_markdown: str) -> str:
    """The text a reader sees of a generated page: its body as MkDocs puts it
    in the page (``mkdocs_hooks``, which keeps Python-Markdown away from it)."""
    front_matter, body = page_markdown.split("---\n", 2)[1:]
    kind = re.search(r'^kind: "(\w+)"$', front_matter, re.M).group(1)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "page.md"
        source.write_text(page_markdown, encoding="utf-8")  # the body is read from the file as the page is written
        page = SimpleNamespace(meta={"kind": kind}, file=SimpleNamespace(src_uri="page.md", abs_src_path=str(source)))
        config = SimpleNamespace(extra={"archive": {"layout": layout.template_facts()}})  # as site.py sets it
        markdown_left = mkdocs_hooks.on_page_markdown(body, page, config, None)
        content = mkdocs_hooks.on_page_content(markdown_left, page, config, None)
        html = mkdocs_hooks.on_post_page(f"<html lang=fr><body>{content}</body></html>", page, config)
    return all_text(html)  # the parser has turned every entity into its character


METACHARACTERS = [
    "#",
    "##",
    "*",
    "**",
    "_",
    "__",
    "`",
    "```",
    "~~~",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "<",
    ">",
    "&",
    "&amp;",
    "&#60;",
    "&lt;",
    "|",
    "| ",
    " |",
    "-",
    "---",
    "===",
    "+",
    "1.",
    ">",
    "\\",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "<!--",
    "-->",
    "<script>",
    "</p>",
    "<div>",
    '<p class="x">',
    "]]>",
    "    ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    ":",
    " : ",
    "https://example.org/a",
    "Source : https://example.org/x",
    "![]()",
    "Comment (0)",
    "\u202e",
    "\u200b",
    "\u200d",
    "\u2066",
    "\ufeff",
    "\u00a0",
    "\u0301",
    "\x0c",
    "\x85",
    "\u2028",
    "\u2029",
    "\x1b",
    "«",
    "»",
    "“",
    "”",
    "„",
    "…",
    "\x02",
    "\x03",
    "klzzwxh:0000",
    "wzxhzdk:0",
    "![an image](x.png)",
    "![](y.png)",
    "[a link](b)",
    "[ref][1]",
    "**bold**",
    "`code`",
    "<b>x</b>",
    "# Title",
    "> quote",
    "* item",
    "1. item",
    "| a | b |",
    "{{ x }}",
    "&nbsp;",
]
WORDS = ["réunion", "Behörden", "конференції", "transformação", "delegates", "the", "plan", "Viettel", "2026-2030"]

seed_texts = st.lists(
    st.one_of(
        st.sampled_from(METACHARACTERS),
        st.sampled_from(WORDS),
        st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12),
        st.just(" "),
    ),
    min_size=1,
    max_size=60,
).map("".join)


def _gather(texts: list[str]) -> pipeline.Gathered:
    with tempfile.TemporaryDirectory() as folder:
        seeds = Path(folder)
        for i, text in enumerate(texts):
            (seeds / f"s{i}.txt").write_bytes(text.encode("utf-8"))
        # The language is set, not detected: this is about text, not detection
        # (detection has its own property below).
        (seeds / "metadata.yml").write_text(
            yaml.safe_dump({f"s{i}.txt": {"language": ("fr", "de")[i % 2]} for i in range(len(texts))}),
            encoding="utf-8",
        )
        return pipeline.gather(seeds)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(seed_texts, min_size=1, max_size=2))
@example(["<p>x</p>\n\n&amp;lt; \\* `code` [a](b) {{ x }}"])
@example(["    indented\n\t<!-- open\n# heading\n| a | b |\n|---|---|"])
@example(["a\u202eb\u200bc\n\nSource : javascript:alert(1)"])
@example(["x\x02klzzwxh:0000\x03y &#x3C;script&#x3E;"])
def test_every_block_is_in_the_rendered_page(texts):
    gathered = _gather(texts)
    pages = {f.dest_uri: f.content for f in gathered.files}
    for report in gathered.reports:
        for translation in report.translations:
            page = pages[f"{translation.language}/reports/{report.slug}.md"]
            shown = rendered_text(page)
            for block in translation.content.blocks:
                assert squash(block.text) in shown, f"lost {block.text!r} from {page!r}"
            assert len(re.findall(r'<(?:p data-line=|figure class="report-caption")', page)) == len(
                translation.content.blocks
            )


def _expected_words(text: str) -> set[str]:
    """Words of the lines the cleaners must keep as body, found independently."""
    words: set[str] = set()
    for line in reader.normalize(text).split("\n"):
        line = re.sub(r"!\[\s*\]\(\s*\)", "", " ".join(line.split())).strip()
        if ":" in line or re.fullmatch(r"(?:[^\W\d_]+ ?){1,2}\(\d+\)", line):
            continue  # may be a source line, a byline or a comment counter
        if line.startswith("|") or line.endswith("|"):
            line = line.strip("|").strip()
        words.update(line.split())
    return words


@settings(max_examples=150, deadline=None)
@given(seed_texts)
@example("#\nréunion#Comment (0)")  # once taken for a comment counter
def test_every_word_of_the_body_is_in_some_block(text):
    gathered = _gather([text])
    if any(p.severity == "error" for p in gathered.problems):
        return  # reported, not published (e.g. only debris): nothing to lose
    (translation,) = gathered.translations
    kept = set(" ".join(b.text for b in translation.content.blocks).split())
    assert _expected_words(text) <= kept


@settings(max_examples=25, deadline=None)
@given(seed_texts)
def test_cleaning_and_detection_never_crash(text):
    normalized = reader.normalize(text)
    cleaned = cleaners.clean("x.txt", normalized)
    result = language.detect("\n".join(b.text for b in cleaned.blocks))
    assert result.language is None or re.fullmatch(r"[a-z]{2}", result.language)
    assert 0.0 <= result.confidence <= 1.0
