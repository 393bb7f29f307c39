"""A date for every report version, with where it comes from (dates.py), and
how each language writes it (strings.date)."""

import os
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from reportarchive import dates, pages, strings
from reportarchive.records import Block, CleanedSeed, Report, Translation

# (text, language, source address) -> (date, where its year comes from), or None: no date read.
DATELINES = [
    # The real seed's dateline has no year; the text names one year only.
    (
        "( Bqp.vn ) - Dans l'après-midi du 16 septembre, à Hanoi, une conférence.\n"
        "Au cours des premiers mois de 2024, les travaux ont avancé.",
        "fr",
        "https://mod.gov.vn/home/detail",
        ("2024-09-16", "text"),
    ),
    # Two years named: nothing settles the dateline's.
    ("Dans l'après-midi du 16 septembre, à Hanoi.\nEntre 2023 et 2024, les travaux.", "fr", None, None),
    # The source's address settles it …
    (
        "Dans l'après-midi du 16 septembre, à Hanoi.",
        "fr",
        "https://example.org/2024/09/16/x",
        ("2024-09-16", "address"),
    ),
    # … unless its month is another.
    ("Dans l'après-midi du 16 septembre, à Hanoi.", "fr", "https://example.org/2024/10/x", None),
    # A number in the address is no year without its month.
    ("Dans l'après-midi du 16 septembre, à Hanoi.", "fr", "https://example.org/news/2031", None),
    # Nothing states a year: no date, never the current year.
    ("Dans l'après-midi du 16 septembre, à Hanoi.", "fr", None, None),
    ("Вдень 16 вересня 2024 року в Ханої відбулася конференція.", "uk", None, ("2024-09-16", "dateline")),
    ("Am Nachmittag des 3. März 2023 fand in Hanoi eine Konferenz statt.", "de", None, ("2023-03-03", "dateline")),
    ("Na tarde de 16 de setembro de 2024, em Hanói, uma conferência.", "pt", None, ("2024-09-16", "dateline")),
    ("2024年9月16日下午，越南人民军总政治局在河内召开会议。", "zh", None, ("2024-09-16", "dateline")),
    (
        "(Bqp.vn) - بعد ظهر يوم 16 سبتمبر، في هانوي، نظمت الإدارة مؤتمرا. في عام ٢٠٢٤",
        "ar",
        None,
        ("2024-09-16", "text"),
    ),
    # Numbers without a month name, a weekday, a month without a day: no date.
    ("Commando 86 e outros 3 generais estiveram presentes em 2024.", "pt", None, None),
    ("On Monday, 12 officials met in 2024.", "en", None, None),
    ("In May 2019 plans were drawn.", "en", None, None),
    ("Le 16.09.2024, à Hanoi.", "fr", None, None),
    # Far into the text: not a dateline.
    ("Une conférence. " * 30 + "Le 16 septembre 2024.", "fr", None, None),
    # A language dateparser does not know, or no Babel locale: no date, no failure.
    ("16 septembre 2024", "xx", None, None),
]


@pytest.mark.parametrize(("text", "language", "address", "expected"), DATELINES)
def test_a_dateline_is_read_only_when_it_is_unambiguous(text, language, address, expected):
    found = dates.dateline(text, language, address)
    assert (None if found is None else (found.date, found.year_from)) == expected


def _translation(src_uri: str, language: str, text: str, date: str | None = None, digest: str = "") -> Translation:
    content = CleanedSeed(src_uri, (Block("paragraph", text, 1),), "https://example.org/a", digest=digest)
    return Translation(src_uri, language, 1.0, "detected", content, title=text[:20], date=date)


def _report(*translations: Translation) -> Report:
    return Report("a", "https://example.org/a", tuple(translations))


def test_each_version_takes_the_first_source_that_has_a_date():
    report = _report(
        _translation("given.txt", "de", "Am 3. März 2023 in Hanoi.", date="2022-01-05"),
        _translation("read.txt", "fr", "Le 16 septembre 2024, à Hanoi."),
        _translation("none.txt", "uk", "Конференція відбулася в Ханої."),
    )
    added = {"given.txt": "2025-02-01", "read.txt": "2025-01-10", "none.txt": "2025-03-01"}
    (dated,) = dates.assign([report], added)
    by_seed = {t.src_uri: (t.date, t.date_source) for t in dated.translations}
    assert by_seed == {
        "given.txt": ("2022-01-05", "metadata"),
        "read.txt": ("2024-09-16", "text"),
        # The report entered the archive with its first seed.
        "none.txt": ("2025-01-10", "added"),
    }
    assert dated.translations[1].date_words == "16 septembre 2024"


def test_a_dateline_after_the_report_entered_the_archive_is_not_believed():
    (dated,) = dates.assign(
        [_report(_translation("a.txt", "fr", "Le 16 septembre 2024, à Hanoi."))], {"a.txt": "2024-03-01"}
    )
    assert (dated.translations[0].date, dated.translations[0].date_source) == ("2024-03-01", "added")


def test_the_words_say_what_settled_a_year_the_dateline_lacks():
    text = "Dans l'après-midi du 16 septembre, à Hanoi.\nAu cours des premiers mois de 2024."
    (dated,) = dates.assign([_report(_translation("a.txt", "fr", text))], {})
    assert dated.translations[0].date_words == "16 septembre + 2024 (the only year the text names)"


def _git(repo: Path, *args: str, when: int | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when is not None:
        env |= {"GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_the_day_a_seed_was_added_is_its_first_commit_else_its_modification_time(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    _git(tmp_path, "init", "-q")
    (seeds / "first.txt").write_text("one", encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "first", when=1700000000)  # 2023-11-14
    (seeds / "first.txt").write_text("one, edited", encoding="utf-8")
    (seeds / "second.txt").write_text("two", encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "second", when=1710000000)  # 2024-03-09
    _git(tmp_path, "rm", "-q", "seeds/second.txt")
    _git(tmp_path, "commit", "-q", "-m", "second removed", when=1711000000)
    (seeds / "second.txt").write_text("two", encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "second back", when=1712000000)  # it first came in before
    (seeds / "new.txt").write_text("three", encoding="utf-8")  # not committed
    os.utime(seeds / "new.txt", (1720000000, 1720000000))  # 2024-07-03
    names = ["first.txt", "second.txt", "new.txt"]
    days = dates.added_days(seeds, [(seeds / name, name) for name in names])
    assert days == {"first.txt": "2023-11-14", "second.txt": "2024-03-09", "new.txt": "2024-07-03"}
    assert not dates.is_shallow(seeds)


def test_outside_git_every_seed_dates_from_its_modification_time(tmp_path):
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    os.utime(tmp_path / "a.txt", (1727740800, 1727740800))
    assert dates.added_days(tmp_path, [(tmp_path / "a.txt", "a.txt")]) == {"a.txt": "2024-10-01"}


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("fr", "16 septembre 2024"),
        ("de", "16. September 2024"),
        ("uk", "16 вересня 2024\u202fр."),  # (CLDR: a narrow no-break space)
        ("zh", "2024年9月16日"),
        ("ar", "16 سبتمبر 2024"),
        ("xx", "2024-09-16"),  # a language Babel does not know
    ],
)
def test_a_date_reads_as_its_language_writes_it(language, shown):
    assert strings.date(language, "2024-09-16") == shown


def test_a_report_page_shows_its_date_in_a_time_element_and_says_when_it_is_the_day_it_was_added():
    given = replace(_translation("a.txt", "fr", "Texte."), date="2024-09-16", date_source="metadata")
    added = replace(given, date_source="added")
    for translation, label in ((given, "Date"), (added, "Ajouté le")):
        report = _report(translation)
        page = pages.report_page(pages.ReportView.of(report, "fr"), translation).content or ""
        assert f'<span class="report-label">{label}</span> <time datetime="2024-09-16">16 septembre 2024</time>' in page
    assert dates.shown(added) == "Ajouté le 16 septembre 2024" and dates.shown(given) == "16 septembre 2024"


def test_a_language_home_lists_its_reports_newest_first_across_its_pages():
    count = pages.HOME_PAGE_SIZE + 20
    reports = [
        Report(
            f"r{n:03d}",
            f"https://example.org/{n}",
            (
                replace(
                    _translation(f"{n}.txt", "fr", f"Rapport {n:03d}."), date=f"20{10 + n % 14}-{1 + n % 12:02d}-01"
                ),
            ),
        )
        for n in range(count)
    ]
    home = pages.HomeView.of("fr", reports, ["fr"])
    shown = [entry.date for entry in home.entries]
    assert shown == sorted(shown, reverse=True)
    files = pages.home_pages(home)
    assert len(files) == 2  # the pagination kept
    first, second = (f.content or "" for f in files)
    newest, oldest = home.entries[0], home.entries[-1]
    assert f"reports/{newest.slug}.html" in first and f"reports/{oldest.slug}.html" in second


@pytest.mark.site
def test_the_built_site_dates_every_report_and_says_how(built_site, built_site_output):
    page = (built_site / "fr" / "reports").glob("hoi-nghi-*.html")
    html = next(page).read_text(encoding="utf-8")
    assert '<span class="report-label">Date</span> <time datetime="2024-09-16">16 septembre 2024</time>' in html
    assert "dates: 0 from metadata.yml, 1 read from the text, 4 the day the report was added" in built_site_output
    for language in ("de", "fr", "pt", "uk"):
        home = (built_site / language / "index.html").read_text(encoding="utf-8")
        days = re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})">', home)
        assert days and days == sorted(days, reverse=True)  # newest first
