import json
from pathlib import Path

import pytest

from reportarchive import cleaners

CASES = json.loads((Path(__file__).parent / "cases" / "cleaners.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_clean(case):
    result = cleaners.clean("seed.txt", case["input"])
    assert [[b.kind, b.text] for b in result.blocks] == case["blocks"]
    assert result.source_url == case["source"]
    assert result.byline == case["byline"]


def test_block_lines_point_into_the_seed():
    result = cleaners.clean("seed.txt", "Lead.\n\nSecond: body.\n| Caption |")
    assert [b.line for b in result.blocks] == [1, 3, 4]


def test_missing_source_is_reported_with_the_file_name():
    result = cleaners.clean("a.txt", "Only body text here.")
    assert [str(p) for p in result.problems] == [
        "a.txt: warning: no source line (a last line such as 'Source: https://…'), so the report stands alone; "
        "if it has one, give it in seeds/metadata.yml ('source: https://…')"
    ]


def test_nothing_but_debris_is_an_error():
    result = cleaners.clean("a.txt", "![]()\nComment (0)\nSource : https://example.org/")
    assert any(p.severity == "error" and "no body text" in p.message for p in result.problems)


def test_each_fixer_is_usable_alone():
    lines = cleaners.split_lines("  x  \n![]() y")
    assert [line.text for line in cleaners.strip_whitespace(lines)] == ["x", "![]() y"]
    assert [line.text for line in cleaners.remove_empty_images(lines)] == ["x", "y"]
