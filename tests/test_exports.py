"""The corpus exports: TMX valid against the TMX 1.4 DTD, JSON valid against its schema."""

import gzip
import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from paths import PROJECT_DIR
from reportarchive import exports, pipeline

DTD = Path(__file__).parent / "data" / "tmx14.dtd"


@pytest.fixture(scope="module")
def reports():
    return list(pipeline.gather(PROJECT_DIR / "seeds").reports)


def test_tmx_is_valid_against_the_dtd(reports):
    document = etree.fromstring(exports.tmx(reports).encode("utf-8"))
    dtd = etree.DTD(str(DTD))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()


def test_tmx_holds_every_aligned_pair_of_the_three_language_report(reports):
    document = etree.fromstring(exports.tmx(reports).encode("utf-8"))
    units = document.findall("body/tu")
    qdnd = [u for u in units if u.get("tuid").startswith("bao-dam")]
    assert len(qdnd) == 3 * 15  # de-fr, de-pt, fr-pt; 15 blocks each, all matched
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    first = qdnd[0]
    assert [tuv.get(xml_lang) for tuv in first.findall("tuv")] == ["de", "fr"]
    assert first.find("tuv/seg").text.startswith("An dem Treffen nahmen")
    assert not [u for u in units if u.get("tuid").startswith(("lanh-dao", "hoi-nghi"))]  # single-language reports


def test_tmx_escapes_markup():
    from reportarchive.records import Block, CleanedSeed, Report, Translation

    def version(code):
        return Translation(
            f"{code}.txt",
            code,
            1.0,
            "detected",
            CleanedSeed(f"{code}.txt", (Block("paragraph", 'a < b & <tag> "q"', 1),)),
        )

    text = exports.tmx([Report("x", None, (version("de"), version("fr")))])
    document = etree.fromstring(text.encode("utf-8"))
    assert document.find("body/tu/tuv/seg").text == 'a < b & <tag> "q"'


def test_json_corpus_matches_its_schema(reports):
    corpus = json.loads(exports.corpus_json(reports))
    jsonschema.validate(corpus, exports.SCHEMA)
    assert len(corpus["reports"]) == 3
    qdnd = next(r for r in corpus["reports"] if r["slug"].startswith("bao-dam"))
    assert [t["language"] for t in qdnd["translations"]] == ["de", "fr", "pt"]
    assert qdnd["translations"][1]["blocks"][2] == {
        "kind": "caption",
        "text": "Le lieutenant-général Trinh Van Quyet a présidé et prononcé un discours directif.",
    }
    # Every version is dated, and says where its date comes from.
    versions = [t for r in corpus["reports"] for t in r["translations"]]
    assert all(t["date"] and t["date_source"] in ("metadata", "text", "added") for t in versions)
    hoi = next(r for r in corpus["reports"] if r["slug"].startswith("hoi-nghi"))
    (dated,) = hoi["translations"]
    assert (dated["date"], dated["date_source"]) == ("2024-09-16", "text")
    assert dated["date_words"] == "16 septembre + 2024 (the only year the text names)"


def test_schema_rejects_what_it_should(reports):
    corpus = json.loads(exports.corpus_json(reports))
    corpus["reports"][0]["translations"][0]["blocks"][0]["kind"] = "heading"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(corpus, exports.SCHEMA)


def test_exports_are_downloadable_from_the_site(built_site):
    folder = built_site / "exports"
    assert sorted(p.name for p in folder.iterdir()) == ["archive.json.gz", "archive.schema.json", "archive.tmx.gz"]
    home = (built_site / "fr" / "index.html").read_text()
    assert 'href="../exports/archive.tmx.gz"' in home and 'href="../exports/archive.json.gz"' in home
    # What a reader's gunzip makes of them: the whole documents, valid.
    for name in ("archive.tmx.gz", "archive.json.gz"):
        unpacked = subprocess.run(["gzip", "-dc", str(folder / name)], capture_output=True, check=True).stdout
        if name.endswith(".tmx.gz"):
            assert etree.DTD(str(DTD)).validate(etree.fromstring(unpacked))
        else:
            jsonschema.validate(json.loads(unpacked), json.loads((folder / "archive.schema.json").read_text()))


def test_exports_are_assembled_report_by_report_and_reuse_unchanged_reports(reports):
    from reportarchive.caching.memo import Memo

    # Written one report at a time (each part compressed and cached on its
    # own), the exports still decompress to exactly the documents.
    assert exports.corpus_json(reports) == json.dumps(exports.corpus(reports), ensure_ascii=False, indent=1) + "\n"
    assert json.loads(exports.corpus_json([])) == exports.corpus([])
    memo = Memo()
    first = exports.members(reports, memo)
    assert gzip.decompress(b"".join(first[exports.TMX_FILE])).decode() == exports.tmx(reports)
    assert gzip.decompress(b"".join(first[exports.JSON_FILE])).decode() == exports.corpus_json(reports)
    assert len(first[exports.TMX_FILE]) == len(reports) + 2  # one member per report, the head and the tail
    assert gzip.decompress(b"".join(exports.members([])[exports.JSON_FILE])).decode() == exports.corpus_json([])
    assert first == exports.members(reports)  # the same bytes every time: no time nor name in the members

    def fail(report):
        raise AssertionError("recomputed")

    original = exports.tmx_units, exports.corpus_entry_json
    exports.tmx_units = exports.corpus_entry_json = fail
    try:
        assert exports.members(reports, memo) == first
    finally:
        exports.tmx_units, exports.corpus_entry_json = original


def test_exports_are_a_small_part_of_what_they_hold(reports):
    parts = exports.members(reports)
    for name, document in ((exports.TMX_FILE, exports.tmx(reports)), (exports.JSON_FILE, exports.corpus_json(reports))):
        packed = sum(map(len, parts[name]))
        assert packed < 0.35 * len(document.encode()), f"{name}: {packed} bytes for {len(document.encode())}"
