"""End to end: the real seeds built with --strict, asserted on site/."""

import gzip
import json
import re
from html import escape as html_escape
from pathlib import Path

import pytest

from htmltext import article_text, parse, squash
from paths import MULTISCRIPT_DIR, PROJECT_DIR
from reportarchive import browserdata, cleaners

pytestmark = pytest.mark.site
SEEDS = sorted((PROJECT_DIR / "seeds").glob("*.txt"))
QDND = "bao-dam-tien-do-chat-luong-du-an-chuyen-doi-so-nganh-cong"


def report_pages(site: Path):
    return sorted(site.glob("*/reports/*.html"))


def kind_of(html: str) -> str:
    return "missing" if 'name="robots" content="noindex"' in html else "report"


def test_one_tree_per_language_and_three_reports(built_site):
    folders = ["assets", "compare", "de", "exports", "fr", "pt", "uk"]
    assert sorted(p.name for p in built_site.iterdir() if p.is_dir()) == folders
    slugs = {p.stem for p in report_pages(built_site)}
    assert len(slugs) == 3
    for language in ("de", "fr", "pt", "uk"):
        assert {p.stem for p in (built_site / language / "reports").glob("*.html")} == slugs


def test_qdnd_report_shares_one_slug_in_fr_pt_de(built_site):
    slug = next(p.stem for p in (built_site / "fr" / "reports").glob(f"{QDND}*.html"))
    for language in ("fr", "pt", "de"):
        html = (built_site / language / "reports" / f"{slug}.html").read_text()
        assert kind_of(html) == "report"
        assert parse(html).html_lang == language
    assert kind_of((built_site / "uk" / "reports" / f"{slug}.html").read_text()) == "missing"


def _debris_free_lines(seed: Path):
    """Every line of a seed that is body text, taken straight from the file."""
    for raw in seed.read_text(encoding="utf-8").splitlines():
        line = squash(raw.replace("![]()", "")).strip("| ").strip()
        if not line or re.fullmatch(r"(?:\w+ ?){1,2}\(\d+\)", line):
            continue
        if re.match(r"^[^\W\d_][^:]{0,30}?\s*:\s*https?://", line):  # the source line
            continue
        label = line.split(":", 1)[0].strip().lower()
        if label in cleaners.BYLINE_LABELS:
            continue
        yield line


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_every_body_line_of_every_seed_is_on_its_page(built_site, seed):
    pages = [p for p in report_pages(built_site) if seed.name in p.read_text()]
    reports = [p for p in pages if kind_of(p.read_text()) == "report"]
    assert len(reports) == 1, f"{seed.name} is on {len(reports)} report pages"
    text = article_text(reports[0].read_text())
    lines = list(_debris_free_lines(seed))
    assert lines
    for line in lines:
        assert line in text, f"{seed.name}: missing on page: {line[:80]}"


@pytest.mark.parametrize("page_glob", ["*/index.html", "*/reports/*.html", "index.html"])
def test_no_debris_on_any_page(built_site, page_glob):
    for page in built_site.glob(page_glob):
        text = article_text(page.read_text()) if page.parent != built_site else squash(page.read_text())
        assert "(0)" not in text, page
        assert "![]()" not in text, page
        assert not re.search(r"(^|\s)\|(\s|$)", text), page
        assert not re.search(r"(Source|Fonte|Quelle|Джерело)\s*:\s*https?://", text), page


def test_source_byline_and_captions_are_metadata_not_body(built_site):
    page = next((built_site / "de" / "reports").glob(f"{QDND}*.html")).read_text()
    assert 'class="report-source-link" href="https://www.qdnd.vn/' in page
    assert "MINH MANH" in page
    captions = re.findall(r'<figure class="report-caption"[^>]*><figcaption>(.*?)</figcaption>', page)
    assert len(captions) == 4
    assert "Oberleutnant General Trinh Van Quyet führte den Vorsitz und hielt eine Rede." in captions[0]


def test_every_page_says_its_language(built_site):
    for language in ("de", "fr", "pt", "uk"):
        for page in (built_site / language).rglob("*.html"):
            assert parse(page.read_text()).html_lang == language, page


def test_home_pages_list_their_reports_with_languages(built_site):
    fr = (built_site / "fr" / "index.html").read_text()
    assert fr.count('class="report-list-item"') == 2
    assert "qdnd.vn" in fr and "mod.gov.vn" in fr
    assert 'href="../de/reports/' in fr and 'href="../pt/reports/' in fr
    uk = (built_site / "uk" / "index.html").read_text()
    assert uk.count('class="report-list-item"') == 1 and "Архів звітів" in uk


def test_root_leads_to_every_language(built_site):
    root = parse((built_site / "index.html").read_text())
    hrefs = {link["href"] for link in root.links if link["tag"] == "a"}
    assert hrefs == {f"{code}/index.html" for code in ("de", "fr", "pt", "uk")}


def test_material_ui_is_localized(built_site):
    for language, (select_language, search) in {
        "fr": ("Sélectionner la langue", "Rechercher"),
        "uk": ("Обрати мову", "Пошук"),
        "de": ("Sprache wechseln", "Suche"),
    }.items():
        assert f'aria-label="{select_language}"' in (built_site / language / "index.html").read_text()
        assert search in search_box_markup(built_site, language)


def test_switcher_links_the_same_page_in_every_language(built_site):
    page = next((built_site / "fr" / "reports").glob(f"{QDND}*.html"))
    switcher = [link for link in parse(page.read_text()).links if "md-select__link" in link.get("class", "")]
    assert {link["hreflang"]: link["href"] for link in switcher} == {
        code: f"../../{code}/reports/{page.name}" for code in ("de", "fr", "pt", "uk")
    }


def test_a_new_language_needs_no_configuration(site_with_new_languages):
    site = site_with_new_languages
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == [
        "ar",
        "assets",
        "compare",
        "de",
        "el",
        "es",
        "exports",
        "fr",
        "he",
        "hi",
        "id",
        "it",
        "ja",
        "ko",
        "pl",
        "pt",
        "ru",
        "th",
        "tr",
        "uk",
        "vi",
        "zh",
    ]
    page = next((site / "es" / "reports").glob(f"{QDND}*.html")).read_text()
    assert parse(page).html_lang == "es" and 'class="report-meta"' in page
    assert 'aria-label="Seleccionar idioma"' in page  # Material's own UI, in Spanish
    assert "Buscar" in (site / "es" / "assets" / "archive-search-box.js").read_text()
    french = next((site / "fr" / "reports").glob(f"{QDND}*.html")).read_text()
    assert 'hreflang="es"' in french and "Español" in french


def test_seeds_in_every_script_are_cleaned_by_the_shape_of_their_lines(site_with_new_languages):
    """Source lines (ASCII or full-width colon), bylines and comment counters
    of the multi-script seeds become metadata or go: none is left in a body."""
    from conftest import NEW_LANGUAGE_SEEDS

    for name, text in NEW_LANGUAGE_SEEDS.items():
        language = name.split("_")[1].removesuffix(".txt")
        url = re.search(r"https://\S+", text).group(0)
        pages = [
            p
            for p in (site_with_new_languages / language / "reports").glob("*.html")
            if f'data-seed="{name}"' in p.read_text()
        ]
        assert len(pages) == 1, name
        html = pages[0].read_text()
        body = article_text(html.split('class="report-meta"', 1)[1].split("</div>", 1)[1])
        assert f'href="{html_escape(url)}"' in html, name
        assert url not in body and "(0)" not in body and "（0）" not in body, name
    chinese = next(
        p for p in (site_with_new_languages / "zh" / "reports").glob("*.html") if "张伟" in p.read_text()
    ).read_text()
    assert "张伟" in chinese.split('class="report-meta"', 1)[1].split("</div>", 1)[0]


def test_hreflang_names_only_real_translations(hosted_site):
    page = next((hosted_site / "pt" / "reports").glob(f"{QDND}*.html"))
    alternates = {
        link["hreflang"]: link["href"]
        for link in parse(page.read_text()).links
        if link["tag"] == "link" and link.get("rel") == "alternate" and "hreflang" in link
    }
    assert set(alternates) == {"de", "fr", "pt", "x-default"}
    assert alternates["de"] == f"https://archive.example.org/reports/de/reports/{page.name}"


def test_with_site_url_alternates_and_sitemaps_are_absolute(hosted_site):
    root = "https://archive.example.org/reports/"
    page = next((hosted_site / "fr" / "reports").glob(f"{QDND}*.html"))
    links = parse(page.read_text()).links
    alternates = {
        link["hreflang"]: link["href"]
        for link in links
        if link["tag"] == "link" and link.get("rel") == "alternate" and "hreflang" in link
    }
    assert alternates["de"] == f"{root}de/reports/{page.name}"
    assert alternates["x-default"].startswith(root)
    canonical = next(link["href"] for link in links if link.get("rel") == "canonical")
    assert canonical == f"{root}fr/reports/{page.name}"
    sitemap = (hosted_site / "fr" / "sitemap.xml").read_text()
    assert f'<xhtml:link rel="alternate" hreflang="pt" href="{root}pt/reports/{page.name}"/>' in sitemap
    assert "lanh-dao" not in sitemap  # the Ukrainian report is only a "not available" page in fr
    assert f"<loc>{root}uk/sitemap.xml</loc>" in (hosted_site / "sitemap.xml").read_text()
    assert f"Sitemap: {root}sitemap.xml" in (hosted_site / "robots.txt").read_text()
    root_404 = (hosted_site / "404.html").read_text()
    assert f'href="{root}fr/index.html"' in root_404


def test_no_page_loads_anything_from_another_host(built_site):
    fetched = re.compile(
        r'<(?:script|img|iframe)[^>]+src="(https?:)?//|<link[^>]+rel="(?:stylesheet|preload|preconnect|modulepreload)"[^>]+href="(https?:)?//'
    )
    for page in built_site.rglob("*.html"):
        assert not fetched.search(page.read_text()), page
    for css in built_site.rglob("*.css"):
        assert not re.search(r"@import|url\((['\"]?)(https?:)?//", css.read_text()), css


def test_each_language_ships_its_own_search_index(built_site):
    import json

    def data(script):
        value = json.loads(script.read_text().split("]=", 1)[1].rstrip(";\n"))
        return json.loads(browserdata.inflated(value)) if isinstance(value, str) else value  # (a table: deflated)

    for language in ("de", "fr", "pt", "uk"):
        folder = built_site / language / "search"
        assert data(folder / "meta.js")["language"] == language
        reports = {
            p.stem for p in (built_site / language / "reports").glob("*.html") if 'class="report-meta"' in p.read_text()
        }
        assert {slug for table in folder.glob("r/*.js") for slug in data(table)} == reports
        assert {text.name.removesuffix(".0.js") for text in (built_site / language / "texts").glob("*.0.js")} == reports
    assert (built_site / "assets" / "vendor" / "lunr-languages" / "lunr.de.js").is_file()


def test_incremental_update_rebuilds_only_what_changed(tmp_path):
    from conftest import make_project, run_build

    project = make_project(tmp_path / "project")
    assert run_build(project).returncode == 0
    untouched = next((project / "site" / "uk" / "reports").glob("lanh-dao*.html"))
    stamp = untouched.stat().st_mtime_ns
    seed = project / "seeds" / "004_81e7b134df8a2635.txt"
    seed.write_text("Une phrase ajoutée en tête du rapport. " + seed.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_build(project, "--incremental")
    assert result.returncode == 0, result.stderr
    page = next((project / "site" / "fr" / "reports").glob("hoi-nghi*.html")).read_text()
    assert "Une phrase ajoutée en tête du rapport." in page
    store = (project / "site" / "fr" / "texts").rglob("*.js")
    stored = [json.loads(d.read_text().split("]=", 1)[1].rstrip(";\n")) for d in store]
    assert any("Une phrase ajoutée" in browserdata.inflated(page["z"]) for page in stored)
    assert (
        "Une phrase ajoutée"
        in gzip.decompress((project / "site" / "exports" / "archive.json.gz").read_bytes()).decode()
    )
    assert untouched.stat().st_mtime_ns == stamp  # another language's report: not rebuilt
    # A deleted report's pages go from every language (--dirty alone keeps them).
    seed.unlink()
    assert run_build(project, "--incremental").returncode == 0
    assert not list(project.glob("site/*/reports/hoi-nghi*.html"))
    assert not list(project.glob("site/*/texts/hoi-nghi*")) and list(project.glob("site/*/texts/*.0.js"))
    assert list(project.glob("site/*/reports/*.html")) and (project / "site" / "uk" / "index.html").is_file()


def test_a_build_with_nothing_changed_leaves_site_alone_and_any_change_rebuilds_it(tmp_path):
    from conftest import make_project, run_build

    project = make_project(tmp_path / "project")
    assert run_build(project, "--strict").returncode == 0
    index = project / "site" / "fr" / "index.html"
    stamp = index.stat().st_mtime_ns
    again = run_build(project, "--strict")
    assert again.returncode == 0 and "site/: up to date" in again.stdout
    assert index.stat().st_mtime_ns == stamp

    def rebuilt(*args: str) -> bool:
        result = run_build(project, "--strict", *args)
        assert result.returncode == 0, result.stderr
        return "languages built" in result.stdout

    # Whatever site/ is made from, and site/ itself, is checked.
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text() + "\n# a comment\n")
    assert rebuilt()
    (project / "docs" / "overrides" / "assets" / "archive.css").write_text("/* changed */\n", encoding="utf-8")
    assert rebuilt()
    next((project / "site" / "de" / "reports").glob("*.html")).unlink()
    assert rebuilt() and not rebuilt()
    seed = project / "seeds" / "004_81e7b134df8a2635.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nUne dernière phrase.\n", encoding="utf-8")
    assert rebuilt()
    # An in-place update (make serve) is not a full build: the next one runs.
    seed.write_text(seed.read_text(encoding="utf-8") + "\nEncore une phrase.\n", encoding="utf-8")
    assert run_build(project, "--incremental").returncode == 0
    assert rebuilt()


def test_a_build_with_nothing_changed_reads_no_seed_and_says_what_the_long_check_says(tmp_path):
    """With the seeds' and docs/' files unchanged by size and time (and site/
    as the last build left it), a build says again what it said and reads no
    seed; anything else goes the long way, which finds out by content."""
    import os

    from conftest import make_project, run_build

    project = make_project(tmp_path / "project")
    (project / "seeds" / "zz.txt").write_text("Un texte sans adresse.\n\nUne phrase pour le corps du texte.\n")
    # Its date given: outside git, a seed's time would otherwise be the day its report was added.
    (project / "seeds" / "metadata.yml").write_text("004_81e7b134df8a2635.txt:\n  date: 2024-09-16\n")
    first = run_build(project, "--strict")
    assert first.returncode == 1 and "seeds/zz.txt" in first.stderr and "languages built" in first.stdout
    seed = project / "seeds" / "004_81e7b134df8a2635.txt"
    # Touched (to an old time: outside git the newest seed's is the build's time):
    # the quick key differs; the long way finds nothing changed.
    os.utime(seed, (10**9, 10**9))
    slow = run_build(project, "--strict")
    assert slow.returncode == 1 and "site/: up to date" in slow.stdout and "seeds/zz.txt" in slow.stderr
    quick = run_build(project, "--strict")

    def said(stdout: str) -> list[str]:  # less the phases' progress lines, which a build that reads nothing has none of
        return [line for line in stdout.splitlines() if not re.fullmatch(r"[\w ]+: [\d,]+ \w+ in [\d.]+ s", line)]

    assert (quick.returncode, said(quick.stdout), quick.stderr) == (slow.returncode, said(slow.stdout), slow.stderr)
    assert said(quick.stdout) == quick.stdout.splitlines()
    # It read no seed: one changed behind an unchanged size and time goes unseen.
    info, text = seed.stat(), seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("a", "e", 1), encoding="utf-8")
    os.utime(seed, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert run_build(project, "--strict").stdout == quick.stdout
    # Other options say other things: the long way, which sees the change.
    assert "languages built" in run_build(project, "--strict", "--verbose").stdout


def test_footer_description_and_counts_speak_the_page_language(built_site, site_with_new_languages):
    from reportarchive import strings

    for language in ("de", "fr", "pt", "uk"):
        pages = [
            built_site / language / "index.html",
            built_site / language / "404.html",
            *sorted((built_site / language / "reports").glob("*.html")),
        ]
        for page in pages:
            html = page.read_text()
            assert strings.text(language, "copyright") in html, page
            assert f'<meta name="description" content="{strings.text(language, "site_description")}">' in html, page
    root = (built_site / "index.html").read_text()
    assert '<html lang="mul"' in root and "1 Bericht<" in root and "1 relatório<" in root and "1 звіт<" in root
    # Languages added by their seeds alone, each in its own words (strings.json ships 21 languages).
    for language, intro in {
        "es": "1 informe en español",
        "ar": "تقريران باللغة: العربية",
        "zh": "共有 1 篇中文报告",
        "ru": "1 отчёт, язык: русский",
        "he": "דוח אחד בשפה: עברית",
    }.items():
        html = (site_with_new_languages / language / "index.html").read_text()
        assert intro in html and strings.text(language, "copyright") in html, language


def test_every_multiscript_seed_page_has_its_language_and_direction(site_with_new_languages):
    """tests/multiscript/expected.json: built with --strict beside the real
    seeds, each seed's page declares its language and direction on <html>."""
    expected = json.loads((MULTISCRIPT_DIR / "expected.json").read_text(encoding="utf-8"))
    for name, want in expected.items():
        pages = [
            p
            for p in (site_with_new_languages / want["language"] / "reports").glob("*.html")
            if f'data-seed="{name}"' in p.read_text()
        ]
        assert len(pages) == 1, name
        html_tag = re.search(r"<html [^>]*>", pages[0].read_text()).group()
        assert f'lang="{want["language"]}"' in html_tag and f'dir="{want["dir"]}"' in html_tag, (name, html_tag)


def test_the_theme_files_are_once_at_the_site_root_without_what_the_site_never_loads(built_site):
    """Every language's pages load the same theme files from the site root's
    assets/; a language folder holds only what is rendered for its language
    (the theme's static_templates). Material's own search (lunr, its worker)
    and source maps are not shipped: the browser tests check that no page
    asks for them."""
    from reportarchive import layout, site

    shared = built_site / layout.ASSETS_DIR
    assert (built_site / site.THEME_FAVICON).is_file() and (shared / "archive.css").is_file()
    assert not (shared / "javascripts" / "lunr").exists() and not (shared / "javascripts" / "workers").exists()
    assert not list(shared.rglob("*.map"))
    assert sum(p.stat().st_size for p in shared.rglob("*") if p.is_file()) < 600_000
    rendered = {"archive-icons.css", "archive-palette.js", "archive-search-box.js"}
    for language in ("de", "fr", "pt", "uk"):
        assert {p.name for p in (built_site / language / "assets").rglob("*") if p.is_file()} == rendered
        home = (built_site / language / "index.html").read_text(encoding="utf-8")
        report = next((built_site / language / "reports").glob("*.html")).read_text(encoding="utf-8")
        assert 'href="../assets/archive.css"' in home and 'href="../../assets/archive.css"' in report
        assert 'src="assets/archive-search-box.js"' in home and 'src="../assets/archive-search-box.js"' in report


def test_every_icon_a_page_draws_is_in_the_icon_stylesheet_and_no_page_writes_one_out(built_site):
    """Icons are drawn by CSS once a site (partials/archive-icon.html), not
    written out as SVG in every page: each one a page names has its rule,
    made of the theme's own icon."""
    for language in ("de", "fr", "pt", "uk"):
        css = (built_site / language / "assets" / "archive-icons.css").read_text(encoding="utf-8")
        rules = set(re.findall(r"\.archive-icon--([\w-]+)\{--archive-icon:url\(\"data:image/svg\+xml,%3Csvg", css))
        assert {"material--menu", "material--magnify", "material--translate", "material--weather-night"} <= rules
        for page in [built_site / language / "index.html", *report_pages(built_site)[:3]]:
            html = page.read_text(encoding="utf-8")
            used = set(re.findall(r'class="archive-icon archive-icon--([\w-]+)"', html))
            assert used and used <= rules, (page, used - rules)
            assert "<path" not in html, page  # no icon written out


def search_box_markup(site: Path, language: str) -> str:
    """The search box of a language site: the first statement of its file (the
    second remembers where the site root is: site.LANGUAGE_PAGE_REMEMBERS)."""
    script = (site / language / "assets" / "archive-search-box.js").read_text(encoding="utf-8")
    first, _, rest = script.partition("\n")
    assignment = re.fullmatch(r"window\.archiveSearchBox=(.*);", first)
    assert assignment and "report-archive.roots" in rest, language
    return json.loads(assignment.group(1))


def test_pages_carry_the_search_button_and_each_language_site_its_search_box_once(built_site):
    """The search box (markup and strings, about 1.5 KB) is a file of each
    language site, put in the header by assets/archive-search.js, not a copy
    in every page; pages keep the button that opens it."""
    placeholders = set()
    for language in ("de", "fr", "pt", "uk"):
        markup = search_box_markup(built_site, language)
        assert 'class="md-search__form"' in markup and 'class="archive-search__all"' in markup, language
        settings = json.loads(re.search(r"data-archive-search='([^']*)'", markup).group(1))
        assert settings["language"] == language and "root" not in settings  # (the root: from the script's address)
        placeholders.add(settings["strings"]["placeholder"])
        for page in [
            built_site / language / "index.html",
            built_site / language / "404.html",
            *report_pages(built_site)[:3],
        ]:
            html = page.read_text(encoding="utf-8")
            assert 'class="md-header__button md-icon archive-search-button"' in html, page
            assert "md-search__form" not in html and "data-archive-search" not in html, page
            assert html.index("assets/archive-search-box.js") < html.index("assets/archive-search.js"), page
    assert len(placeholders) == 4  # each in its own language
