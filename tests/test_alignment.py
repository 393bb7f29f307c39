from pathlib import Path

import pytest

from reportarchive import pipeline
from reportarchive.alignment import Pair, align
from reportarchive.records import Block

PROJECT_DIR = Path(__file__).resolve().parents[1]


def p(text):
    return Block("paragraph", text, 0)


def c(text):
    return Block("caption", text, 0)


LONG = "word " * 60
MID = "word " * 30


def shape(pairs):
    return [(len(pair.left), len(pair.right)) for pair in pairs]


def test_equal_texts_pair_one_to_one():
    left = (p(LONG), c("Short caption."), p(MID), p(LONG))
    right = (p(LONG + "x" * 20), c("Kurze Unterschrift."), p(MID), p(LONG))
    assert shape(align(left, right)) == [(1, 1)] * 4


def test_caption_present_in_one_version_only_stays_unmatched():
    left = (p(LONG), c("A caption that only this version has."), p(MID), p(LONG))
    right = (p(LONG), p(MID), p(LONG))
    assert align(left, right) == [Pair((0,), (0,)), Pair((1,), ()), Pair((2,), (1,)), Pair((3,), (2,))]


def test_paragraph_split_in_two_pairs_two_to_one():
    left = (p(LONG), p(LONG + LONG), p(MID))
    right = (p(LONG), p(LONG), p(LONG), p(MID))
    assert shape(align(left, right)) == [(1, 1), (1, 2), (1, 1)]


def test_captions_never_pair_with_paragraphs():
    left = (p(LONG), c("word " * 8), p(LONG))
    right = (p(LONG), p("word " * 8), p(LONG))
    pairs = align(left, right)
    for pair in pairs:
        kinds = {left[i].kind for i in pair.left} | {right[j].kind for j in pair.right}
        assert len(kinds) == 1


def test_extra_paragraph_at_the_end_is_unmatched():
    left = (p(LONG), p(MID), p(LONG), p(MID), p(LONG))
    right = left + (p("An extra closing paragraph that the other version does not have. " * 3),)
    assert shape(align(left, right)) == [(1, 1)] * 5 + [(0, 1)]


def test_missing_paragraph_in_the_middle_is_unmatched():
    left = (p(LONG), p(MID), p("A paragraph only the left version has, of a middling length here. " * 2), p(LONG), p(MID))
    right = (p(LONG), p(MID), p(LONG), p(MID))
    assert shape(align(left, right)) == [(1, 1), (1, 1), (1, 0), (1, 1), (1, 1)]


def test_empty_sides():
    assert align((), ()) == []
    assert align((p("x"),), ()) == [Pair((0,), ())]


@pytest.mark.parametrize("a,b", [("fr", "de"), ("fr", "pt"), ("de", "pt")])
def test_qdnd_report_faces_every_paragraph_with_its_translation(a, b):
    gathered = pipeline.gather(PROJECT_DIR / "seeds")
    report = next(r for r in gathered.reports if len(r.translations) == 3)
    left, right = report.translation(a).content.blocks, report.translation(b).content.blocks
    pairs = align(left, right)
    assert shape(pairs) == [(1, 1)] * len(left) == [(1, 1)] * len(right)
    assert all(left[pair.left[0]].kind == right[pair.right[0]].kind for pair in pairs)
