import json
from pathlib import Path

import pytest

from paths import PROJECT_DIR
from reportarchive import alignment, anchors, cleaners, pipeline, reader
from reportarchive.alignment import Pair, Side
from reportarchive.records import Block


def p(text):
    return Block("paragraph", text, 0)


def c(text):
    return Block("caption", text, 0)


LONG = "word " * 60
MID = "word " * 30


def align(left, right, languages=("fr", "de")):
    return alignment.align(Side(left, languages[0]), Side(right, languages[1]))


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
    left = (
        p(LONG),
        p(MID),
        p("A paragraph only the left version has, of a middling length here. " * 2),
        p(LONG),
        p(MID),
    )
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
    pairs = align(left, right, (a, b))
    assert shape(pairs) == [(1, 1)] * len(left) == [(1, 1)] * len(right)
    assert all(left[pair.left[0]].kind == right[pair.right[0]].kind for pair in pairs)


# Hand-made pairs of versions across scripts, abridged ones among them, with
# the pairing a reader would make (tests/cases/alignment.json).
CASES = json.loads((Path(__file__).parent / "cases" / "alignment.json").read_text(encoding="utf-8"))


def _side(spec: dict) -> Side:
    if "seed" in spec:
        seed = reader.read_seed(PROJECT_DIR / "seeds" / spec["seed"], spec["seed"])
        return Side(cleaners.clean(spec["seed"], seed.text).blocks, spec["language"])
    return Side(tuple(Block(kind, text, 0) for kind, text in spec["blocks"]), spec["language"])


def _links(pairs) -> set[tuple[int, int]]:
    """Every (left block, right block) that face each other."""
    return {(i, j) for left, right in pairs for i in left for j in right}


def test_alignment_across_scripts_and_abridged_versions_has_high_precision_and_recall():
    found_total = expected_total = correct_total = 0
    lines = []
    for case in CASES:
        left, right = _side(case["left"]), _side(case["right"])
        found = _links((pair.left, pair.right) for pair in alignment.align(left, right))
        expected = _links(case["pairs"])
        correct = found & expected
        found_total, expected_total, correct_total = (
            found_total + len(found),
            expected_total + len(expected),
            correct_total + len(correct),
        )
        precision, recall = len(correct) / max(len(found), 1), len(correct) / len(expected)
        lines.append(
            f"{left.language}-{right.language}  precision {precision:.2f}  recall {recall:.2f}  {case['name']}"
        )
        assert precision >= 0.8 and recall >= 0.8, (case["name"], sorted(found - expected), sorted(expected - found))
    precision, recall = correct_total / found_total, correct_total / expected_total
    print("\n" + "\n".join(lines) + f"\nall {len(CASES)} cases: precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95 and recall >= 0.95


def test_blocks_present_in_one_version_only_are_shown_as_such():
    case = CASES[0]  # the abridged Arabic version of a French report
    pairs = alignment.align(_side(case["left"]), _side(case["right"]))
    unmatched = sorted(i for pair in pairs if not pair.right for i in pair.left)
    assert unmatched == [3, 5, 7, 9, 10, 11]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1,250 homes; 14,000 people; 60%", ["1250", "14000", "60"]),
        ("1.400 wones, 52.000 kilómetros, 23.30 horas", ["1400", "52000", "23.30"]),
        ("3,2 млрд рублей; 3.2 מיליארד", ["3.2", "3.2"]),
        ("خطة عام ٢٠٢٤ و 2024", ["2024", "2024"]),
        ("1250所房屋，1.4万人，8.7万户，7万6000人，4800万ユーロ", ["1250", "14000", "87000", "76000", "48000000"]),
        ("서울시는 5만2000km를 달렸다", ["52000"]),
        ("période 2026-2030, 4 unités sur 24", ["2026", "2030", "24"]),
    ],
)
def test_numbers_are_anchors_in_one_spelling_whatever_the_script(text, expected):
    assert anchors.numbers(text) == expected


def test_latin_names_and_acronyms_are_anchors_in_other_scripts_and_in_latin_text():
    assert anchors.names("InfineonとGlobalFoundriesが参加する。") == ["infineon", "globalfoundries"]
    assert anchors.names("La Dirección visitó Hanoi con EVN y Bqp.vn. Entonces habló.") == [
        "direccion",
        "hanoi",
        "evn",
        "bqp.vn",
    ]
