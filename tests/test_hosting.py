"""The built site as site owners host and check it: modes a web server running
as another user can read (site/, a rebuild, the unpacked offline zip),
Debian's nginx serving it with the shipped server blocks (deploy/) at the root
and under a path, every page valid for the W3C Nu HTML checker, and what the
build and the Pages workflow do about site_url."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import feedparser
import pytest
import yaml

from browserkit import compare_addresses, watched_tab
from conftest import PROJECT_DIR, make_project, run_build
from hostkit import Nginx, mode_problems, nginx_problem
from reportarchive.offline import TOP_FOLDER, make_zip

VNU = PROJECT_DIR / "scripts" / "vendor" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = ("de", "fr", "pt", "uk")
# Nu checker errors accepted on purpose, as (message start, why). None today:
# Material's autocomplete="off" on its two checkbox toggles, the only errors
# it reported, is removed by mkdocs_hooks.py.
ALLOWED_HTML_ERRORS: tuple[tuple[str, str], ...] = ()


# --- File modes -------------------------------------------------------------


@pytest.mark.site
def test_site_has_the_modes_a_web_server_can_read(built_site):
    assert mode_problems(built_site) == []


@pytest.mark.site
def test_a_rebuild_keeps_the_modes(tmp_path):
    project = make_project(tmp_path / "project")
    assert run_build(project, "--strict").returncode == 0
    seed = project / "seeds" / "004_81e7b134df8a2635.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nUne dernière phrase.\n", encoding="utf-8")
    assert run_build(project, "--strict").returncode == 0  # a full build, swapped in
    assert mode_problems(project / "site") == []
    seed.write_text(seed.read_text(encoding="utf-8") + "\nEncore une phrase.\n", encoding="utf-8")
    assert run_build(project, "--incremental").returncode == 0  # make serve's update in place
    assert mode_problems(project / "site") == []


@pytest.mark.site
def test_the_offline_zip_unpacks_with_the_usual_modes(built_site, tmp_path):
    archive = tmp_path / "site.zip"
    make_zip(built_site, archive)
    with zipfile.ZipFile(archive) as opened:
        entries = opened.infolist()
    folders = {e.filename for e in entries if e.is_dir()}
    assert f"{TOP_FOLDER}/" in folders and f"{TOP_FOLDER}/fr/reports/" in folders
    assert {e.external_attr >> 16 for e in entries if e.is_dir()} == {0o40755}
    assert {e.external_attr >> 16 for e in entries if not e.is_dir()} == {0o100644}
    if not shutil.which("unzip"):
        pytest.skip("unzip not installed: modes checked in the zip only")
    subprocess.run(["unzip", "-q", str(archive), "-d", str(tmp_path / "out")], check=True)
    assert mode_problems(tmp_path / "out" / TOP_FOLDER) == []


# --- nginx, workers running as www-data ---------------------------------------


@pytest.fixture(scope="module", params=["/", "/archive/"], ids=["root", "subpath"])
def nginx(request, built_site):
    problem = nginx_problem()
    if problem:
        pytest.skip(problem)
    with Nginx(built_site, request.param) as server:
        yield server


@pytest.mark.site
def test_nginx_serves_every_file_of_the_site(nginx, built_site):
    files = sorted(p for p in built_site.rglob("*") if p.is_file())
    answers = {f.relative_to(built_site).as_posix(): nginx.get(f.relative_to(built_site).as_posix()) for f in files}
    wrong = [f"{path}: {status}" for path, (status, _) in answers.items() if status != 200]
    assert wrong == []
    assert all(body == (built_site / path).read_bytes() for path, (_, body) in answers.items())
    assert len(files) > 80  # every page, data script and asset of the real seeds' site


@pytest.mark.site
def test_nginx_serves_each_feed_as_atom_that_a_feed_reader_reads(nginx, built_site):
    for language in LANGUAGES:
        assert nginx.content_type(f"{language}/feed.xml") == "application/atom+xml"
        parsed = feedparser.parse(nginx.base + f"{language}/feed.xml")  # fetched as a reader fetches it
        assert not parsed.bozo and parsed.status == 200 and parsed.entries
        for entry in parsed.entries:  # relative links, resolved against the feed's address
            assert entry.link.startswith(nginx.base + f"{language}/reports/")
            assert nginx.get(entry.link.removeprefix(nginx.base))[0] == 200
    assert nginx.content_type("fr/index.html").startswith("text/html")


@pytest.mark.site
@pytest.mark.parametrize(
    "address,language,heading",
    [
        ("fr/reports/no-such-report.html", "fr", "Page introuvable"),
        ("uk/a/b/c.html", "uk", "Сторінку не знайдено"),
        ("xx/index.html", "en", "Page not found"),  # no such language: the site's 404 page
        ("no/such/page.html", "en", "Page not found"),
    ],
)
def test_nginx_answers_a_missing_page_with_a_404_page(nginx, address, language, heading):
    status, body = nginx.get(address)
    html = body.decode("utf-8")
    assert status == 404
    assert re.search(f'<html[^>]* lang="{language}"', html) and heading in html


@pytest.mark.site
@pytest.mark.browser
def test_every_kind_of_page_served_by_nginx_loads_without_a_failed_request(browser, nginx, built_site):
    addresses = ["index.html"] + [f"{code}/index.html" for code in LANGUAGES]
    addresses += sorted(p.relative_to(built_site).as_posix() for p in built_site.glob("fr/reports/*.html"))
    addresses += compare_addresses(built_site, ["fr"])
    addresses += ["fr/reports/no-such-report.html", "de/a/b/c.html", "no/such/page.html"]
    tab, guard, problems = watched_tab(browser, nginx.base)
    for address in addresses:
        tab.goto(nginx.base + address)
        tab.wait_for_load_state("networkidle")
        assert problems.problems() == [], address
        assert tab.evaluate("getComputedStyle(document.querySelector('header')).position") in ("sticky", "static"), (
            address
        )
    tab.context.close()
    assert guard.blocked == []


# --- W3C Nu HTML checker --------------------------------------------------------


def _nu_errors(*sites: Path) -> list[str]:
    if not VNU.is_file():
        pytest.fail("vnu-jar missing: run `npm ci --prefix scripts/vendor` (make test does)")
    if not shutil.which("java"):
        pytest.fail("the Nu checker needs Java: apt-get install default-jre-headless")
    pages = [str(p) for site in sites for p in sorted(site.rglob("*.html"))]
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", *pages], capture_output=True, text=True
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" and not any(m["message"].startswith(start) for start, _ in ALLOWED_HTML_ERRORS)
    ] + ([] if len(pages) > 20 else ["fewer pages than expected"])


@pytest.mark.site
def test_every_page_is_valid_html(built_site, hosted_site):
    """Both the site built without a site_url and with one (absolute
    alternates, canonical links, 404 pages)."""
    assert _nu_errors(built_site, hosted_site) == []


# --- site_url ---------------------------------------------------------------------


@pytest.mark.site
def test_the_build_says_when_it_has_no_site_url(built_site_output, hosted_site_output):
    assert "note: no site_url" in built_site_output and "SITE_URL=" in built_site_output
    assert "no site_url" not in hosted_site_output


@pytest.mark.site
def test_without_site_url_no_page_has_relative_hreflang_links(built_site):
    for page in [built_site / "index.html", *built_site.glob("*/reports/*.html"), *built_site.glob("*/index.html")]:
        assert 'rel="alternate" hreflang' not in page.read_text(encoding="utf-8"), page


def test_the_pages_workflow_builds_with_the_pages_address():
    workflow = yaml.safe_load((PROJECT_DIR / ".github" / "workflows" / "pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    pages = next(step for step in steps if str(step.get("uses", "")).startswith("actions/configure-pages@"))
    build = next(step for step in steps if step.get("run") == "make site")
    assert build["env"]["SITE_URL"] == "${{ steps." + pages["id"] + ".outputs.base_url }}/"
    assert steps.index(pages) < steps.index(build)


@pytest.mark.site
@pytest.mark.browser
def test_hreflang_links_make_the_theme_fetch_nothing(browser, hosted_site):
    """With a site_url the pages carry hreflang links, next to which the theme
    would fetch sitemap.xml files that do not exist (or live on the public
    host): the pages make no such request, hosted or from disk."""
    from browserkit import SiteServer

    pages = [p.relative_to(hosted_site).as_posix() for p in sorted(hosted_site.glob("*/reports/*.html"))[:3]]
    pages += compare_addresses(hosted_site)[:1]
    assert any('hreflang="de" href="https://' in (hosted_site / p).read_text() for p in pages)
    with SiteServer(hosted_site, "/reports/") as server:
        for base in (server.base, hosted_site.as_uri() + "/"):
            tab, guard, problems = watched_tab(browser, base)
            for address in pages:
                tab.goto(base + address)
                tab.wait_for_load_state("networkidle")
            tab.context.close()
            assert guard.blocked == [] and problems.problems() == [], base
