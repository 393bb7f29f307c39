from dataclasses import replace

from reportarchive import titles
from reportarchive.records import Block, CleanedSeed, Report, Translation


def _translation(language, *paragraphs, title=""):
    blocks = tuple(Block("paragraph", p, i + 1) for i, p in enumerate(paragraphs))
    return Translation("s.txt", language, 1.0, "detected", CleanedSeed("s.txt", blocks), title=title)


def test_shorten_never_cuts_a_word():
    text = "word " * 40
    short = titles.shorten(text)
    assert len(short) <= titles.MAX_TITLE_CHARS
    assert short.endswith("word…")


def test_quoted_project_name_is_preferred():
    t = _translation("fr", "Lead sentence here.", "Les agences ont présenté le « Projet de transformation numérique du secteur » hier.")
    assert titles.derive_title(t) == "Projet de transformation numérique du secteur"


def test_lead_clause_drops_dateline_and_circumstances():
    t = _translation("fr", "( Bqp.vn ) - Dans l'après-midi du 16 septembre, à Hanoi, le Département a organisé une conférence. Suite.")
    assert titles.derive_title(t) == "Le Département a organisé une conférence"


def test_titles_are_unique_per_language_and_metadata_wins():
    same = "Même phrase d'ouverture pour deux rapports différents."
    reports = [
        Report("a", None, (_translation("fr", same),)),
        Report("b", None, (_translation("fr", same),)),
        Report("c", None, (replace(_translation("de", same), language="de"),)),
        Report("d", None, (_translation("fr", same, title="Titre donné"),)),
    ]
    result = titles.assign_titles(reports)
    got = [(r.translations[0].title, r.translations[0].title_source) for r in result]
    assert got == [
        ("Même phrase d'ouverture pour deux rapports différents", "derived"),
        ("Même phrase d'ouverture pour deux rapports différents (2)", "derived"),
        ("Même phrase d'ouverture pour deux rapports différents", "derived"),
        ("Titre donné", "metadata"),
    ]
