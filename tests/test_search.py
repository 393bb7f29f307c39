"""The search index (search.py) and its text analysis (archive-analysis.js):
built at build time, split into shards, ranked on one scale, and the same
terms on the build's side (Node) as in the reader's browser (Chromium)."""

import json
import re
import subprocess

import pytest

from conftest import NEW_LANGUAGE_SEEDS, PROJECT_DIR
from reportarchive import browserdata, search, site, texts
from reportarchive.records import Block, CleanedSeed, Report, Translation

VENDOR = PROJECT_DIR / "scripts" / "vendor" / "node_modules"


def _report(slug, texts: dict[str, str], titles: dict[str, str] | None = None):
    return Report(
        slug,
        f"https://www.example.org/{slug}",
        tuple(
            Translation(
                f"{slug}-{code}.txt",
                code,
                1.0,
                "detected",
                CleanedSeed(f"{slug}-{code}.txt", (Block("paragraph", text, 1), Block("caption", "Cap", 2))),
                title=(titles or {}).get(code, f"Title {code}"),
            )
            for code, text in texts.items()
        ),
    )


def _load(script: str):
    """(key, value) of a search file or a text store file, the deflated JSON
    of a shard or table inflated as the browser does."""
    key, payload = re.match(r'^\(window\.(\w+)=window\.\1\|\|\{\}\)\[("[^"]+")\]=(.*);\n$', script, re.S).groups()[1:]
    value = json.loads(payload)
    return json.loads(key), json.loads(browserdata.inflated(value)) if isinstance(value, str) else value


def _postings(files: dict[str, str], term: str) -> dict[int, int]:
    """doc number -> score of ``term``, found the way the browser finds it."""
    _, meta = _load(files["search/meta.js"])
    shard = max(
        (n for n, first in enumerate(meta["shards"]) if first.encode("utf-16-be") <= term.encode("utf-16-be")),
        default=None,
    )
    if shard is None:
        return {}
    _, terms = _load(files[f"search/t/{shard}.js"])
    flat, number, out = terms.get(term, []), 0, {}
    for i in range(0, len(flat), 3):
        number += flat[i]
        out[number] = flat[i + 1]
    return out


def test_each_language_has_its_own_split_index():
    reports = [
        _report("a", {"de": "Konferenz in Hanoi", "fr": "Réunion à Hanoï </script>"}),
        _report("b", {"de": "Treffen"}),
    ]
    files = search.build(reports, ["de", "fr"])
    assert sorted(files["fr"]) == ["search/meta.js", "search/r/0.js", "search/t/0.js"]
    assert _load(files["fr"]["search/r/0.js"]) == ("fr/search/r/0", ["a"])
    assert _load(files["de"]["search/r/0.js"])[1] == ["a", "b"]
    _, meta = _load(files["de"]["search/meta.js"])
    assert meta["count"] == 2 and meta["language"] == "de"
    # Where a result's page and text are, from the language folder (layout.py owns both).
    assert meta["report"] == "reports/{slug}.html" and meta["text"] == "texts/{slug}.{page}.js"
    assert set(_postings(files["fr"], "reunion")) == {0} and _postings(files["fr"], "konferenz") == {}
    assert set(_postings(files["de"], "konferenz")) == {0}


def test_shards_split_the_sorted_terms_and_every_term_is_where_the_browser_looks(monkeypatch):
    monkeypatch.setattr(search, "SHARD_BYTES", 200)
    words = [f"mot{n:03d}" for n in range(300)]
    reports = [_report(f"r{n}", {"fr": " ".join(words[n::7])}) for n in range(7)]
    files = search.build(reports, ["fr"])["fr"]
    _, meta = _load(files["search/meta.js"])
    assert len(meta["shards"]) > 10 and meta["shards"] == sorted(meta["shards"])
    for n, word in enumerate(words):
        assert set(_postings(files, word)) == {n % 7}, word


def test_a_title_that_holds_the_word_ranks_before_a_passing_mention():
    filler = " ".join(["Le rapport décrit les travaux des unités et des agences."] * 8)
    reports = [
        _report("passing", {"fr": filler + " Viettel a participé."}, {"fr": "Travaux des unités"}),
        _report(
            "title", {"fr": filler + " Le groupe a présenté ses résultats."}, {"fr": "Viettel présente ses résultats"}
        ),
    ]
    scores = _postings(search.build(reports, ["fr"])["fr"], "viettel")
    assert scores[1] > scores[0] > 0


def test_a_long_text_is_loaded_a_page_at_a_time_from_the_page_of_its_match():
    sentence = "Le rapport décrit les travaux des unités et des agences du ministère. "
    text = sentence * 200 + "Viettel y figure à la fin."
    report = _report("a", {"fr": text})
    files = search.build([report], ["fr"])["fr"]
    pages = [_load(script)[1] for _, script in texts.report_files(report, "fr")]
    count = len(pages)
    assert count == len(texts.pages_of(text + "\nCap")) >= 3
    _, meta = _load(files["search/meta.js"])
    shards = [_load(files[f"search/t/{n}.js"])[1] for n in range(len(meta["shards"]))]
    (viettel,) = [shard["viettel"] for shard in shards if "viettel" in shard]
    # (report, score, page of its first use)
    assert viettel[2] == count - 1 and "Viettel" in browserdata.inflated(pages[viettel[2]]["z"])
    (rapport,) = [shard["rapport"] for shard in shards if "rapport" in shard]
    assert rapport[2] == 0


def test_the_table_of_report_numbers_is_split_in_files_of_a_few_reports(monkeypatch):
    monkeypatch.setattr(search, "REPORTS_PER_TABLE", 3)
    reports = [_report(f"r{n:02d}", {"fr": f"mot{n}"}) for n in range(8)]
    files = search.build(reports, ["fr"])["fr"]
    tables = [_load(files[f"search/r/{n}.js"])[1] for n in range(3)]
    assert tables == [["r00", "r01", "r02"], ["r03", "r04", "r05"], ["r06", "r07"]]
    assert _load(files["search/meta.js"])[1]["tables"] == 3
    assert set(_postings(files, "mot7")) == {7}  # number 7: table 7 // 3, entry 7 % 3


def test_scores_are_on_one_scale_for_every_language():
    text = "Hanoi " + " ".join(["travail"] * 20)
    reports = [_report("a", {"fr": text, "de": text}), _report("b", {"fr": "autre chose"})]
    files = search.build(reports, ["fr", "de"])
    assert _postings(files["fr"], "hanoi")[0] == _postings(files["de"], "hanoi")[0]


def test_the_stemmed_languages_are_the_analysis_own_list():
    assert {"fr", "de", "ru", "ar", "en"} <= search.STEMMED_LANGUAGES and "uk" not in search.STEMMED_LANGUAGES


# Text in every script the archive may hold, and the edge cases of splitting.
AGREEMENT_TEXTS = {
    **{name.split("_")[1].split(".")[0]: text for name, text in NEW_LANGUAGE_SEEDS.items()},
    **{path.stem: path.read_text(encoding="utf-8") for path in sorted((PROJECT_DIR / "seeds").glob("*.txt"))},
    "de": "Straße, Behörden, ÄRGER; 2025-2030 Transformation",
    "tr": "İstanbul'da ISPARTA ılık",
    "ko": "국방부 디지털 전환 회의",
    "en": "The conferences were held; running runners ran.",
    "uk": "Конференції та ґанок, їжак і є",
}


def _node_terms(texts: dict[str, str]) -> dict:
    docs = [{"key": key, "language": key.split("_")[0], "title": "", "text": text} for key, text in texts.items()]
    result = subprocess.run(
        ["node", str(search.TERMS_JS), str(search.ANALYSIS_JS)],
        input=json.dumps({"docs": docs}),
        capture_output=True,
        text=True,
        check=True,
    )
    return {key: value["x"] for key, value in json.loads(result.stdout).items()}


@pytest.mark.browser
def test_the_browser_and_the_build_make_the_same_terms_in_every_script(browser):
    texts = {key if not key[0].isdigit() else f"fr_{key}": text for key, text in AGREEMENT_TEXTS.items()}
    built = _node_terms(texts)
    page = browser.new_page()
    for source in site.vendored_assets(sorted(search.STEMMED_LANGUAGES)).values():  # what the site ships
        page.add_script_tag(path=str(VENDOR / source))
    page.add_script_tag(path=str(search.ANALYSIS_JS))
    browsed = page.evaluate(
        """texts => {
            const make = window.archiveAnalysis(lunr), out = {};
            for (const [key, text] of Object.entries(texts)) {
                const counts = {};
                for (const token of make(key.split("_")[0]).tokens(text)) {
                    if (counts[token.term]) counts[token.term][0] += 1;
                    else counts[token.term] = [1, token.start];
                }
                out[key] = counts;
            }
            return out;
        }""",
        texts,
    )
    page.close()
    assert browsed == built
    scripts = {
        "zh": "数字",
        "ja": "デジ",
        "ar": "مشروع",
        "he": "הפרויקט",
        "th": "ดิ",
        "el": "μετασχηματισμ",
        "ru": "конференц",
        "hi": "सम्मेलन",
    }
    for code, term in scripts.items():
        assert term in built[code], code


@pytest.mark.site
def test_without_node_the_build_says_so_in_one_line(tmp_path):
    import os
    import sys

    from conftest import make_project

    project = make_project(tmp_path / "project")
    bin_dir = tmp_path / "bin"  # a PATH with Python but no node
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(sys.executable)
    result = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "build.py"), "--project", str(project)],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": str(bin_dir)},
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert errors[-1].startswith("error: Node.js (node) not found") and "Traceback" not in result.stderr
    assert not (project / "site").exists()
    assert not [p for p in (project / "build").glob("site-*") if p.is_dir()], "the staging folder is removed"


def test_a_rebuild_of_unchanged_texts_takes_the_index_whole_from_the_memo(monkeypatch):
    from reportarchive.caching.memo import Memo

    reports = [
        _report("a-1", {"fr": "Le comité a voté le budget.", "de": "Der Ausschuss stimmte ab."}),
        _report("b-2", {"fr": "La réunion a eu lieu à Hanoï.", "de": "Das Treffen fand in Hanoi statt."}),
    ]
    memo = Memo()
    first = search.build(reports, ["de", "fr"], memo)

    def never(*args, **kwargs):
        raise AssertionError("the index was worked out again")

    with monkeypatch.context() as patch:
        patch.setattr(search, "_language_files", never)
        assert search.build(reports, ["de", "fr"], memo) == first
    # Any document's terms or place changed: worked out again, and not as before.
    retitled = [
        _report("a-1", {"fr": "Le comité a voté le budget.", "de": "Der Ausschuss stimmte ab."}, {"fr": "Vote"})
    ]
    assert search.build(retitled + reports[1:], ["de", "fr"], memo) != first
    assert search.build(reports[::-1], ["de", "fr"], memo) != first
    renamed = [_report("a-9", {"fr": "Le comité a voté le budget.", "de": "Der Ausschuss stimmte ab."})]
    assert search.build(renamed + reports[1:], ["de", "fr"], memo) != first
