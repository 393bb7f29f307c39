"""The benchmark's verdicts on the archive-scale targets (make bench prints them)."""

from bench.build import Result, Run, scale_targets

MB = 1_000_000


def _result(reports, peak, site, seeds, noop_s, cold_s, build_s, naive_s=None):
    result = Result(reports, 4, seed_bytes=seeds, theme_bytes=2 * MB)
    result.build, result.cold = Run(build_s, build_s, peak, 0, ""), Run(cold_s, cold_s, peak, 0, "")
    result.noop = Run(noop_s, noop_s, peak, 0, "")
    result.naive = Run(naive_s, naive_s, peak, 0, "") if naive_s else None
    result.peak_rss, result.site_bytes = peak, site
    return result


def test_each_scale_target_passes_or_fails_on_its_own_figure():
    small = _result(400, 600 * MB, 30 * MB, 8 * MB, 1.0, 10.0, 8.0, naive_s=40.0)
    lines = scale_targets([small])
    verdicts = {line[6:].split(":")[0]: line[:4] for line in lines}
    assert verdicts == {
        "peak memory of the whole build at most 1000 MB": "PASS",
        "site at most 4× its seeds plus one copy of the theme": "PASS",  # 30 ≤ 4 × 8 + 2
        "nothing changed": "PASS",  # (at most 5 s)
        "first build at 10,000 within 8 min": "n/a ",
        "an edited seed live in make serve within 2 s at 10,000": "n/a ",
        "first build at most 0.35× the plain configuration at N = 400": "PASS",  # 10 / 40
        "rebuild with caches at most 0.15× the plain configuration at N = 400": "FAIL",  # 8 / 40
    }
    big = _result(10_000, 7_800 * MB, 5_000 * MB, 350 * MB, 6.0, 600.0, 300.0)
    lines = scale_targets([small, big])
    assert [line[:4] for line in lines[:4]] == ["FAIL", "FAIL", "FAIL", "FAIL"]


def test_the_search_benchmark_reads_the_index_and_text_store_as_built(built_site):
    """Its queries come from the built index and texts (deflated: read as the browser does)."""
    from bench.search import pick_queries

    queries = pick_queries(built_site, "fr")
    assert set(queries) == {"rare", "frequent", "two words"} and all(q.strip() for q in queries.values())
