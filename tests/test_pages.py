import re

import yaml

from reportarchive import pages
from reportarchive.records import Block, CleanedSeed, Report, Translation

HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> **bold** [link](javascript:alert(3)) {{ x }} & "q"'


def _report(*languages, source="https://example.org/a-b-c", text=HOSTILE, title="T <b>"):
    translations = tuple(
        Translation(
            f"{code}.txt",
            code,
            1.0,
            "detected",
            CleanedSeed(
                f"{code}.txt", (Block("paragraph", text, 1), Block("caption", "Cap <i>", 2)), source, 5, "NAME"
            ),
            title=title,
            title_source="derived",
        )
        for code in languages
    )
    return Report("a-b-c-123456", source, translations)


def _split(content):
    _, front, body = content.split("---\n", 2)
    return yaml.safe_load(front), body


def test_report_page_escapes_every_piece_of_seed_text():
    report = _report("de", "fr")
    page = pages.report_page(pages.ReportView.of(report, "fr"), report.version("fr"))
    meta, body = _split(page.content)
    assert page.dest_uri == "fr/reports/a-b-c-123456.md"
    assert meta["title"] == "T &lt;b&gt;"
    assert meta["translations"] == ["de", "fr"] and meta["source"] == "https://example.org/a-b-c"
    assert "<script>" not in body and "<img" not in body and "<i>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "**bold**" in body
    assert 'href="../../de/reports/a-b-c-123456.html"' in body


def test_every_html_block_stands_alone_so_markdown_never_touches_it():
    page = pages.report_page(pages.ReportView.of(_report("fr"), "fr"), _report("fr").translations[0])
    _, body = _split(page.content)
    for chunk in filter(None, body.strip().split("\n\n")):
        assert re.fullmatch(r"<(div|p|figure)\b.*</\1>", chunk, re.S), chunk


def test_source_that_is_not_a_web_url_is_shown_not_linked():
    report = _report("fr", source="javascript:alert(1)")
    _, body = _split(pages.report_page(pages.ReportView.of(report, "fr"), report.translations[0]).content)
    assert 'href="javascript' not in body and "javascript:alert(1)" in body


def test_every_language_tree_has_every_report_path():
    reports = [_report("fr", "de"), Report("x-y-z-654321", None, (_report("uk").translations[0],))]
    files = pages.generate(reports)
    paths = {f.dest_uri for f in files}
    for language in ("de", "fr", "uk"):
        assert {
            f"{language}/index.md",
            f"{language}/reports/a-b-c-123456.md",
            f"{language}/reports/x-y-z-654321.md",
        } <= paths
    missing = next(f for f in files if f.dest_uri == "uk/reports/a-b-c-123456.md")
    meta, body = _split(missing.content)
    assert meta["kind"] == "missing" and meta["search"] == {"exclude": True}
    assert 'href="../../de/reports/a-b-c-123456.html"' in body and 'href="../../fr/reports/a-b-c-123456.html"' in body


def test_home_lists_reports_with_site_languages_and_length():
    files = {f.dest_uri: f.content for f in pages.generate([_report("fr", "de")])}
    _, body = _split(files["fr/index.md"])
    assert 'href="reports/a-b-c-123456.html"' in body and "example.org" in body
    assert 'href="../de/reports/a-b-c-123456.html"' in body
    assert "mots" in body


def test_long_home_lists_are_paginated_and_every_report_is_two_clicks_away(monkeypatch):
    monkeypatch.setattr(pages, "HOME_PAGE_SIZE", 2)
    reports = [Report(f"r{i}-000000", None, _report("fr").translations) for i in range(5)]
    files = {f.dest_uri: f.content for f in pages.generate(reports)}
    assert {"fr/index.md", "fr/pages/2.md", "fr/pages/3.md"} <= set(files)
    assert _split(files["fr/index.md"])[0]["translations"] == ["fr"]
    assert _split(files["fr/pages/2.md"])[0]["translations"] == []
    _, body = _split(files["fr/index.md"])
    assert 'href="pages/2.html"' in body and 'href="pages/3.html"' in body
    _, third = _split(files["fr/pages/3.md"])
    assert 'href="../reports/r4-000000.html"' in third and 'href="../index.html"' in third
    assert 'href="../../exports/archive.tmx.gz"' in third
    linked = [
        s
        for content in (files["fr/index.md"], files["fr/pages/2.md"], files["fr/pages/3.md"])
        for s in re.findall(r'report-list-title" href="[./]*reports/([^"]+)\.html', content)
    ]
    assert sorted(linked) == sorted(r.slug for r in reports)


def _retitled(report, language, text, title):
    """``report`` with the ``language`` version's text and title changed."""
    from dataclasses import replace

    translations = tuple(
        replace(t, title=title, content=replace(t.content, blocks=(Block("paragraph", text, 1),)))
        if t.language == language
        else t
        for t in report.translations
    )
    return replace(report, translations=translations)


def test_a_language_tree_depends_on_nothing_but_its_own_language():
    # What an edit of one seed changes in the other languages is rebuilt for
    # nothing: every other language's pages must stay byte for byte the same.
    before = _report("de", "fr", "uk")
    after = _retitled(before, "fr", "Un tout autre texte", "Autre titre")
    old = {f.dest_uri: f.content for f in pages.generate([before])}
    new = {f.dest_uri: f.content for f in pages.generate([after])}
    changed = {uri for uri in old if old[uri] != new[uri]}
    assert changed and all(uri.startswith("fr/") for uri in changed)


def test_compare_view_is_one_page_per_language_and_reports_link_to_it_with_their_pair():
    from reportarchive import compare

    report = _report("de", "fr")
    page = pages.compare_page("fr")
    meta, body = _split(page.content)
    assert page.dest_uri == "fr/compare.md" and meta["kind"] == "compare"
    # What its script fills in: the data script of the report in the address, its versions' pages.
    assert 'data-source="../compare/{slug}.js"' in body and 'data-report-href="../{code}/reports/{slug}.html"' in body
    assert 'data-text="../{code}/texts/{slug}.{page}.js"' in body  # the two texts shown, from the text store
    assert 'data-slug-pattern="^[a-z0-9]+(-[a-z0-9]+)*$"' in body
    # Without scripts the reader is told so and led home.
    fallback = re.search(r'<p class="compare-fallback">.*?</p>', body).group()
    assert 'href="index.html"' in fallback
    files = {f.dest_uri: f.content for f in pages.generate([report])}
    assert {"de/compare.md", "fr/compare.md"} <= set(files) and not [u for u in files if "/compare/" in u]
    _, report_body = _split(files["fr/reports/a-b-c-123456.md"])
    assert 'href="../compare.html?report=a-b-c-123456&amp;left=fr&amp;right=de"' in report_body

    script = dict(compare.files([report]))["compare/a-b-c-123456.js"]
    prefix = '(window.archiveCompareData=window.archiveCompareData||{})["a-b-c-123456"]='
    assert script.startswith(prefix) and script.endswith(";\n")
    import json

    data = json.loads(script[len(prefix) : -2])
    # The texts are in the text store (texts.py), once: here, how to read them back.
    fr = report.translation("fr").content.blocks
    assert HOSTILE not in script
    assert data["versions"]["fr"]["blocks"] == len(fr) and data["versions"]["fr"]["pages"] == 1
    assert data["versions"]["fr"]["captions"] == [n for n, b in enumerate(fr) if b.kind == "caption"]
    assert data["alignments"]["de|fr"] == [[[0], [0]], [[1], [1]]]
    assert dict(compare.files([_report("fr")])) == {}


# --- Interface strings ---------------------------------------------------------


def test_every_shipped_language_has_every_string_and_every_plural_form_it_needs():
    from babel import Locale

    from reportarchive import strings

    table = strings._table()
    keys = set(table[strings.FALLBACK_LANGUAGE])
    for language, entries in table.items():
        assert set(entries) == keys, f"{language}: missing {keys - set(entries)}, unknown {set(entries) - keys}"
        for key, value in entries.items():
            if isinstance(value, dict):
                needed = set(Locale.parse(language).plural_form.tags) | {"other"}
                assert needed <= set(value), f"{language}.{key} lacks {needed - set(value)}"


def test_counts_follow_each_language_plural_rules():
    from reportarchive import strings

    assert [strings.text("de", "report_count", count=n) for n in (1, 2)] == ["1 Bericht", "2 Berichte"]
    assert [strings.text("pt", "report_count", count=n) for n in (1, 3)] == ["1 relatório", "3 relatórios"]
    assert [strings.text("uk", "report_count", count=n) for n in (1, 3, 5, 21)] == [
        "1 звіт",
        "3 звіти",
        "5 звітів",
        "21 звіт",
    ]
    assert strings.text("fr", "report_count", count=12345) == "12\u202f345 rapports"


def test_a_language_without_strings_falls_back_to_english_in_every_string():
    from reportarchive import strings

    for key in strings._table()[strings.FALLBACK_LANGUAGE]:
        values = {"count": 2, "language": "x", "title": "t"}
        assert strings.text("sw", key, **values) == strings.text("en", key, **values)


def test_words_are_counted_as_readers_of_each_script_count_them():
    from reportarchive.records import count_words

    assert count_words("Le ministère a tenu une conférence.") == 6
    assert count_words("国防部举行了会议。") == 8  # a character a word, punctuation aside
    assert count_words("防衛省はデジタル変革") == 10
    assert count_words("Viettel 数字化 2025") == 5


def test_the_build_names_each_language_whose_interface_falls_back_to_english():
    from reportarchive import cli

    notes = cli.untranslated_notes(["fr", "sw", "zh"])
    assert len(notes) == 1 and "'sw' (Kiswahili)" in notes[0] and "strings.json" in notes[0]


def test_a_report_view_key_changes_with_anything_its_pages_show():
    from dataclasses import replace

    report = _report("fr", "de")
    fr, de = report.translations
    content = replace(fr.content, digest="text-1")
    base = Report(report.slug, report.source_url, (replace(fr, content=content), de))
    key = pages.ReportView.of(base, "fr").key()
    variants = {
        "own title": replace(fr, content=content, title="Other"),
        "own date": replace(fr, content=content, date="2026-01-01"),
        "own text": replace(fr, content=replace(content, digest="text-2")),
        "own seed": replace(fr, content=content, src_uri="other.txt"),
        "confidence": replace(fr, content=content, confidence=0.5),
    }
    for what, changed in variants.items():
        assert pages.ReportView.of(Report(report.slug, report.source_url, (changed, de)), "fr").key() != key, what
    other_title = Report(report.slug, report.source_url, (replace(fr, content=content), replace(de, title="Neu")))
    assert pages.ReportView.of(other_title, "fr").key() != key  # the "not available" and compare pages list it
    assert pages.ReportView.of(base, "de").key() != key
