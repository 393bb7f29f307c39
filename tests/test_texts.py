"""The text store (texts.py): each report's text in each of its languages,
once, in pages, read by the search's results and by the compare view."""

import json
import re

from reportarchive import browserdata, layout, texts
from reportarchive.records import Block, CleanedSeed, Report, Translation


def _report(slug: str, blocks: dict[str, tuple[Block, ...]]) -> Report:
    return Report(
        slug,
        f"https://www.example.org/{slug}",
        tuple(
            Translation(
                f"{slug}-{code}.txt", code, 1.0, "detected", CleanedSeed(f"{slug}-{code}.txt", b), title=f"T {code}"
            )
            for code, b in blocks.items()
        ),
    )


def _load(script: str) -> tuple[str, dict]:
    """A store file's key and value, its text inflated (``x``)."""
    match = re.fullmatch(r'\(window\.archiveText=window\.archiveText\|\|\{\}\)\[("[^"]+")\]=(.*);\n', script, re.S)
    assert match, script[:120]
    value = json.loads(match.group(2))
    value["x"] = browserdata.inflated(value.pop("z"))
    return json.loads(match.group(1)), value


def test_a_short_text_is_one_page_keyed_by_language_and_slug():
    blocks = (Block("paragraph", "Réunion à Hanoï </script>", 1), Block("caption", "Cap", 2))
    report = _report("a-b", {"fr": blocks, "de": (Block("paragraph", "Treffen", 1),)})
    files = list(texts.files([report], ["de", "fr", "pt"]))
    assert [(language, path) for language, path, _ in files] == [("de", "texts/a-b.0.js"), ("fr", "texts/a-b.0.js")]
    assert layout.text_page("a-b", 0) == "texts/a-b.0.js"
    key, value = _load(files[1][2])
    assert key == "fr/a-b/0"
    assert value == {"t": "T fr", "s": "example.org", "x": "Réunion à Hanoï </script>\nCap", "o": 0, "more": False}
    assert files[1][2].count("\n") == 1  # one statement: the text's newlines are escaped


def test_a_long_text_is_cut_in_pages_at_spaces_that_join_back_into_its_blocks():
    sentence = "Le rapport décrit les travaux des unités et des agences du ministère. "
    blocks = (
        Block("paragraph", sentence * 120, 1),
        Block("caption", "Légende", 2),
        Block("paragraph", sentence * 90, 3),
    )
    report = _report("long", {"fr": blocks})
    pages = [_load(script)[1] for _, script in texts.report_files(report, "fr")]
    whole = texts.joined(blocks)
    assert len(pages) == len(texts.pages_of(whole)) == texts.page_count(blocks) >= 3
    assert "".join(p["x"] for p in pages) == whole
    assert "".join(p["x"] for p in pages).split("\n") == [b.text for b in blocks]  # what the compare view does
    assert all(len(p["x"]) <= texts.PAGE_CHARS for p in pages)
    assert all(p["x"].endswith((" ", "\n")) for p in pages[:-1])  # never a word cut in two
    assert [p["more"] for p in pages] == [True] * (len(pages) - 1) + [False]
    assert [p["o"] for p in pages] == texts.pages_of(whole)


def test_a_text_with_no_space_is_still_cut_in_pages():
    blocks = (Block("paragraph", "字" * (texts.PAGE_CHARS * 2 + 10), 1),)
    pages = [_load(s)[1]["x"] for _, s in texts.report_files(_report("zh", {"zh": blocks}), "zh")]
    assert [len(p) for p in pages] == [texts.PAGE_CHARS, texts.PAGE_CHARS, 10]


def test_the_store_holds_each_page_deflated_in_base64_about_half_its_text():
    sentence = "Le ministère de la Défense a organisé une conférence sur la transformation numérique. "
    words = sentence.split()
    text = " ".join(words[(i * 7) % len(words)] + str(i % 13) for i in range(1200))  # not one phrase repeated
    report = _report("long", {"fr": (Block("paragraph", text, 1),)})
    scripts = [script for _, script in texts.report_files(report, "fr")]
    stored = [json.loads(s.split("]=", 1)[1].rstrip(";\n"))["z"] for s in scripts]
    assert all(re.fullmatch(r"[A-Za-z0-9+/]+=*", z) for z in stored)
    assert "".join(browserdata.inflated(z) for z in stored) == text
    assert sum(map(len, scripts)) < 0.7 * len(text.encode("utf-8"))
    assert browserdata.deflated(text) == browserdata.deflated(text)  # the same bytes at every build
