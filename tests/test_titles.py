from dataclasses import replace

import pytest

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
    t = _translation(
        "fr",
        "Lead sentence here.",
        "Les agences ont présenté le « Projet de transformation numérique du secteur » hier.",
    )
    assert titles.derive_title(titles.TitleView.of(t)) == "Projet de transformation numérique du secteur"


def test_lead_clause_drops_dateline_and_circumstances():
    t = _translation(
        "fr",
        "( Bqp.vn ) - Dans l'après-midi du 16 septembre, à Hanoi, le Département a organisé une conférence. Suite.",
    )
    assert titles.derive_title(titles.TitleView.of(t)) == "Le Département a organisé une conférence"


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


def test_a_long_title_ends_with_a_whole_phrase_not_an_ellipsis():
    french = (
        "Projet de transformation numérique du secteur du Parti et du travail politique "
        "pour la période 2026-2030 dans toutes les unités"
    )
    assert (
        titles.shorten(french, language="fr")
        == "Projet de transformation numérique du secteur du Parti et du travail politique"
    )
    german = (
        "Projekt zur digitalen Transformation des Partei- und politischen Arbeitssektors für den Zeitraum 2026–2030"
    )
    assert (
        titles.shorten(german, language="de")
        == "Projekt zur digitalen Transformation des Partei- und politischen Arbeitssektors"
    )
    chinese = "国防部在首都举行了关于数字化转型的会议" * 3 + "，代表们讨论了项目的成果"
    assert titles.shorten(chinese, limit=60, language="zh") == "国防部在首都举行了关于数字化转型的会议" * 3


def test_lead_sentences_end_where_each_script_ends_them():
    zh = _translation("zh", "国防部在首都举行了关于数字化转型的会议。代表们讨论了项目的成果。")
    assert titles.derive_title(titles.TitleView.of(zh)) == "国防部在首都举行了关于数字化转型的会议"
    th = _translation("th", "กระทรวงกลาโหมจัดการประชุมเรื่องการเปลี่ยนแปลงทางดิจิทัล ผู้แทนได้หารือเกี่ยวกับผลของโครงการ")
    assert titles.derive_title(titles.TitleView.of(th)) == "กระทรวงกลาโหมจัดการประชุมเรื่องการเปลี่ยนแปลงทางดิจิทัล"
    hi = _translation(
        "hi",
        "रक्षा मंत्रालय ने राजधानी में डिजिटल परिवर्तन पर एक सम्मेलन आयोजित किया। प्रतिनिधियों ने परियोजना के परिणामों पर चर्चा की।",
    )
    expected = "रक्षा मंत्रालय ने राजधानी में डिजिटल परिवर्तन पर एक सम्मेलन आयोजित किया"
    assert titles.derive_title(titles.TitleView.of(hi)) == expected


def test_arabic_leads_lose_their_circumstances_and_complements_like_latin_ones():
    """The Arabic comma separates a leading circumstance; a preposition
    written into the next word (لمراجعة, "to review") opens a complement."""
    ar = _translation(
        "ar",
        "(Bqp.vn) - بعد ظهر يوم 16 سبتمبر، في هانوي، نظمت الإدارة العامة للسياسة في جيش الشعب الفيتنامي "
        "مؤتمرا لمراجعة تجارب الإصلاح الإداري والتحول الرقمي في الإدارة العامة. وترأس المؤتمر الفريق لي كوانغ مينه.",
    )
    assert titles.derive_title(titles.TitleView.of(ar)) == "نظمت الإدارة العامة للسياسة في جيش الشعب الفيتنامي مؤتمرا"


@pytest.mark.parametrize(
    "before,quoted,expected",
    [
        ("Fortschritt des", "Projekts zur digitalen Transformation", "Projekt zur digitalen Transformation"),
        (
            "Entwurf eines",
            "Transformationsprojekts für den Parteisektor",
            "Transformationsprojekt für den Parteisektor",
        ),
        ("Bilanz des", "Jahresberichts der Behörden 2025", "Jahresbericht der Behörden 2025"),
        ("Arbeit am", "Projekt zur digitalen Transformation", "Projekt zur digitalen Transformation"),  # not a genitive
        ("Titel des", "Atlas der Welt im Wandel", "Atlas der Welt im Wandel"),  # no ending to take off
    ],
)
def test_a_quoted_german_name_in_the_genitive_becomes_its_base_form(before, quoted, expected):
    lead = f"Die Behörden berichteten über den {before} „{quoted}“ und seine Ergebnisse."
    assert titles.quoted_name((lead,), "de") == expected


def test_a_cached_title_follows_a_change_of_language_with_the_same_text():
    from reportarchive.caching.memo import Memo

    lead = "Die Behörden berichteten über den Fortschritt des „Projekts zur digitalen Transformation“."
    memo = Memo()

    def titled(language):
        content = CleanedSeed("s.txt", (Block("paragraph", lead, 1),), digest="same-text")
        report = Report(
            "a-b-c-123456", "https://example.org/a", (Translation("s.txt", language, 1.0, "metadata", content),)
        )
        return titles.assign_titles([report], memo)[0].translations[0].title

    assert titled("fr") == "Projekts zur digitalen Transformation"
    assert titled("de") == "Projekt zur digitalen Transformation"  # not the French title from the memo


def test_titles_and_datelines_worked_out_on_every_core_are_those_worked_out_here(monkeypatch, tmp_path):
    """Many new titles and datelines go to worker processes (``parallel.fill``):
    the same reports come back as when each is worked out in the build's process."""
    from pathlib import Path

    from reportarchive import dates, pipeline

    seeds = Path(__file__).parent / "multiscript" / "seeds"
    here, _ = pipeline.gather_reports(seeds, pipeline.Caches())
    monkeypatch.setattr(titles, "PARALLEL_MIN", 2)
    monkeypatch.setattr(dates, "PARALLEL_MIN", 2)
    monkeypatch.setattr("reportarchive.parallel.FILL_BATCH", 5)  # several batches
    apart, _ = pipeline.gather_reports(seeds, pipeline.Caches())
    assert apart == here and all(t.title and t.date_source for r in apart for t in r.translations)
