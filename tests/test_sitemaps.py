"""Sitemaps split at the protocol's limits, under the root sitemap index."""

import gzip
import xml.etree.ElementTree as ET

from reportarchive import sitemaps

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _urlset(count: int) -> str:
    urls = "".join(
        f"\n  <url>\n    <loc>https://example.org/fr/reports/r{n}.html</loc>\n    "
        f'<xhtml:link rel="alternate" hreflang="de" href="https://example.org/de/reports/r{n}.html"/>\n  </url>'
        for n in range(count)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:xhtml="http://www.w3.org/1999/xhtml">{urls}\n</urlset>'
    )


def _locs(path) -> list[str]:
    return [loc.text for loc in ET.parse(path).getroot().iterfind(".//s:loc", NS)]


def test_a_sitemap_over_the_limit_is_split_in_order_under_the_indexes(tmp_path, monkeypatch):
    monkeypatch.setattr(sitemaps, "MAX_URLS", 3)
    site = tmp_path / "site"
    (site / "fr").mkdir(parents=True)
    (site / "de").mkdir()
    (site / "fr" / "sitemap.xml").write_text(_urlset(7), encoding="utf-8")
    (site / "de" / "sitemap.xml").write_text(_urlset(2), encoding="utf-8")
    root = "https://example.org/"
    files = {code: sitemaps.split(site / code, f"{root}{code}/") for code in ("de", "fr")}
    assert files == {"de": ["sitemap.xml"], "fr": ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]}
    parts = [_locs(site / "fr" / name) for name in files["fr"]]
    assert [len(p) for p in parts] == [3, 3, 1]
    assert sum(parts, []) == [f"https://example.org/fr/reports/r{n}.html" for n in range(7)]  # nothing lost, in order
    assert ET.parse(site / "fr" / "sitemap-1.xml").getroot().find(".//{http://www.w3.org/1999/xhtml}link") is not None
    language_index = [f"{root}fr/sitemap-{n}.xml" for n in (1, 2, 3)]
    assert _locs(site / "fr" / "sitemap.xml") == language_index
    assert gzip.decompress((site / "fr" / "sitemap.xml.gz").read_bytes()) == (site / "fr" / "sitemap.xml").read_bytes()
    sitemaps.write_index(site, files, root)
    assert _locs(site / "sitemap.xml") == [f"{root}de/sitemap.xml", *language_index]  # no index inside the index
    # Split again before MkDocs renders fr anew (a live preview of de): the same files.
    assert sitemaps.split(site / "fr", f"{root}fr/") == files["fr"]
    # Rendered anew and small enough: one file, the old parts gone.
    (site / "fr" / "sitemap.xml").write_text(_urlset(2), encoding="utf-8")
    assert sitemaps.split(site / "fr", f"{root}fr/") == ["sitemap.xml"] and not list((site / "fr").glob("sitemap-*"))


def test_the_byte_limit_splits_too(tmp_path, monkeypatch):
    monkeypatch.setattr(sitemaps, "MAX_BYTES", 1200)
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "sitemap.xml").write_text(_urlset(10), encoding="utf-8")
    names = sitemaps.split(tmp_path / "fr", "")
    assert len(names) > 1
    assert all(len((tmp_path / "fr" / name).read_bytes()) <= 1200 for name in names)
    assert _locs(tmp_path / "fr" / "sitemap.xml") == names  # relative to the language folder without a site_url


def test_the_sitemaps_mkdocs_writes_split_whole(hosted_site, tmp_path, monkeypatch):
    """On the sitemaps of a real build (with alternates, as with a site_url)."""
    import shutil

    from conftest import HOSTED_SITE_URL
    from reportarchive import site

    copy = tmp_path / "site"
    shutil.copytree(hosted_site, copy)
    before = {code: _locs(copy / code / "sitemap.xml") for code in ("de", "fr", "pt", "uk")}
    monkeypatch.setattr(sitemaps, "MAX_URLS", 2)
    site.split_sitemaps(copy, sorted(before), HOSTED_SITE_URL + "/")
    listed = _locs(copy / "sitemap.xml")
    split = [code for code, urls in before.items() if len(urls) > 2]
    assert split and len(split) < len(before)  # both cases occur
    for code, urls in before.items():
        names = sorted((p.name for p in (copy / code).glob("sitemap-*.xml")), key=lambda n: int(n[8:-4]))
        files = names if code in split else ["sitemap.xml"]
        assert [loc for name in files for loc in _locs(copy / code / name)] == urls
        assert [loc for loc in listed if f"/{code}/" in loc] == [f"{HOSTED_SITE_URL}/{code}/{name}" for name in files]
