"""Search, measured as a reader meets it (part of ``make bench``).

For the five real seeds and for synthetic archives of N reports × 4
languages, the site is built from scratch, then opened from disk in Debian's
Chromium (every request to another place than the site aborted). For three
queries (a rare word, a frequent word, two words) on a fresh page each: the
time from typing to the first result shown, the bytes the query loaded (the
search's scripts, the index slices, the reports of the first batch), and the
JS heap after it. Also the size of each language's index and the time the
build spent on every index (``search.files``, which runs while MkDocs renders,
and ``site.write_language_data``, with the text store).
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from reportarchive import layout

from .processes import CHROMIUM_ARGS, chromium_path

LANGUAGE = "fr"
# Targets (issue: search that stays instant at 10,000 reports).
MAX_SLOWDOWN = 2.0  # first result within 2× the time on the real seeds
MAX_QUERY_BYTES = 300_000  # one-word query at 10,000 reports per language
MAX_HEAP_BYTES = 50_000_000
MAX_SHARE = 0.10  # index building, a small share of the build
REPEAT = 3  # each query on a fresh page this many times; the median is kept


@dataclass
class QueryMeasure:
    label: str
    query: str
    seconds: float
    loaded: int
    heap: int
    results: int


@dataclass
class SearchResult:
    reports: int  # per language; 0 for the real seeds
    index_bytes: int
    index_files: int
    build_wall: float
    index_seconds: float
    queries: list[QueryMeasure] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def query(self, label: str) -> QueryMeasure | None:
        return next((q for q in self.queries if q.label == label), None)


def _load(script: Path):
    """A search or text store file's value, its deflated parts inflated as the browser does."""
    from reportarchive.browserdata import inflated

    text = script.read_text(encoding="utf-8")
    value = json.loads(text[text.index("]=") + 2 :].rstrip(";\n"))
    if isinstance(value, str):  # a shard or a table: its JSON, deflated
        return json.loads(inflated(value))
    if isinstance(value, dict) and "z" in value:  # a page of the text store
        return {**value, "x": inflated(value["z"])}
    return value


def pick_queries(site: Path, language: str = LANGUAGE) -> dict[str, str]:
    """A rare word, a frequent word and two frequent words of the archive, as
    a reader would type them (words of the reports' own text)."""
    folder = site / language / "search"
    frequency: dict[str, int] = {}
    for shard in (folder / "t").glob("*.js"):
        for term, flat in _load(shard).items():
            frequency[term] = len(flat) // 3  # (report, score, page) per report
    words: dict[str, str] = {}
    for text in sorted((site / language).glob(layout.text_page("*", 0)))[:50]:  # each report's first page
        for word in re.findall(r"[^\W\d_]{6,}", _load(text)["x"]):
            words.setdefault(word.lower(), word)

    # A word's term is its lower-cased, folded stem: match words to terms by prefix.
    def df(word: str) -> int:
        return max((n for term, n in frequency.items() if word.lower().startswith(term) and len(term) >= 4), default=0)

    ranked = sorted((df(w), w) for w in words.values() if df(w) > 0)
    rare, frequent = ranked[0][1], ranked[-1][1]
    second = next(w for _, w in reversed(ranked) if w.lower() != frequent.lower())
    return {"rare": rare + " ", "frequent": frequent + " ", "two words": f"{second} {frequent} "}


def measure_queries(site: Path, queries: dict[str, str], language: str = LANGUAGE) -> list[QueryMeasure]:

    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            for label, query in queries.items():
                runs = [_one_query(browser, site, language, query) for _ in range(REPEAT)]
                seconds = statistics.median(r[0] for r in runs)
                loaded = max(r[1] for r in runs)
                heap = statistics.median(r[2] for r in runs)
                out.append(QueryMeasure(label, query.strip(), seconds, loaded, int(heap), runs[0][3]))
        finally:
            browser.close()
    return out


def _one_query(browser, site: Path, language: str, query: str) -> tuple[float, int, int, int]:
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page = context.new_page()
    page.goto((site / language / "index.html").as_uri())
    page.wait_for_load_state("load")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    seconds = page.evaluate(
        """async (q) => {
            const input = document.querySelector("input.md-search__input");
            const list = document.querySelector(".archive-search__list");
            const start = performance.now();
            input.focus();
            input.value = q;
            input.dispatchEvent(new Event("input", {bubbles: true}));
            const shown = q.trim();
            await new Promise(resolve => {
                const check = () => list.dataset.first === shown ? resolve() : setTimeout(check, 2);
                check();
            });
            return (performance.now() - start) / 1000;
        }""",
        query,
    )
    page.wait_for_function(
        "q => document.querySelector('.archive-search__list').dataset.query === q", arg=query.strip()
    )
    results = page.locator(".archive-search__list a.md-search-result__link").count()
    session = context.new_cdp_session(page)
    session.send("HeapProfiler.collectGarbage")
    session.send("Performance.enable")
    metrics = {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}
    context.close()
    loaded = sum(
        Path(unquote(urlsplit(url).path)).stat().st_size
        for url in set(requested)
        if url.startswith("file:") and Path(unquote(urlsplit(url).path)).is_file()
    )
    return seconds, loaded, int(metrics.get("JSHeapUsedSize", 0)), results


def index_size(site: Path, language: str = LANGUAGE) -> tuple[int, int]:
    files = [p for p in (site / language / "search").rglob("*.js")]
    return sum(p.stat().st_size for p in files), len(files)


# ---------------------------------------------------------------- report


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def _kb(n: float) -> str:
    return f"{n / 1000:.1f}"


def table_rows(results: list[SearchResult]) -> list[list[str]]:
    rows = [
        [
            "reports/lang",
            "index/lang KB",
            "index files",
            "index build s",
            "share of build",
            "rare ms",
            "rare KB",
            "frequent ms",
            "frequent KB",
            "two words ms",
            "two words KB",
            "heap MB (max)",
            "shown (frequent)",
        ]
    ]
    for r in results:
        row = [
            "5 real seeds" if r.reports == 0 else f"{r.reports:,}",
            _kb(r.index_bytes),
            f"{r.index_files:,}",
            f"{r.index_seconds:.1f}",
            f"{r.index_seconds / r.build_wall:.1%}" if r.build_wall else "–",
        ]
        for label in ("rare", "frequent", "two words"):
            q = r.query(label)
            row += [_ms(q.seconds), _kb(q.loaded)] if q else ["–", "–"]
        heap = max((q.heap for q in r.queries), default=0)
        frequent = r.query("frequent")
        row += [f"{heap / 1e6:.1f}", f"{frequent.results:,}" if frequent else "–"]
        rows.append(row)
    return rows


def plain_table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(c.rjust(w) if n else c.ljust(w) for n, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()
        for row in rows
    ]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


def markdown_table(rows: list[list[str]]) -> str:
    align = ["---"] + ["---:"] * (len(rows[0]) - 1)
    return "\n".join("| " + " | ".join(cells) + " |" for cells in [rows[0], align, *rows[1:]])


def targets(results: list[SearchResult]) -> list[str]:
    def verdict(ok: bool | None) -> str:
        return "n/a " if ok is None else "PASS" if ok else "FAIL"

    lines = []
    base = next((r for r in results if r.reports == 0 and r.queries), None)
    sized = [r for r in results if r.reports and r.queries]
    if base and sized:
        worst = []
        ok = True
        for r in sized:
            for q in r.queries:
                b = base.query(q.label)
                if b:
                    ratio = q.seconds / max(b.seconds, 0.001)
                    ok = ok and ratio <= MAX_SLOWDOWN
                    worst.append(f"N = {r.reports:,} {q.label} {_ms(q.seconds)} ms ({ratio:.1f}×)")
        lines.append(
            f"{verdict(ok)}  first result within {MAX_SLOWDOWN:.0f}× the time on the real seeds "
            f"({', '.join(f'{q.label} {_ms(q.seconds)} ms' for q in base.queries)}): " + "; ".join(worst)
        )
    else:
        lines.append(f"{verdict(None)}  first result within {MAX_SLOWDOWN:.0f}× the real seeds: not measured")
    largest = max(sized, key=lambda r: r.reports, default=None)
    if largest:
        one_word = max(largest.query(label).loaded for label in ("rare", "frequent"))
        at = f"N = {largest.reports:,}" + (
            "" if largest.reports >= 10_000 else " (the target is at 10,000: run make bench-search-10000)"
        )
        small_enough = one_word <= MAX_QUERY_BYTES
        lines.append(
            f"{verdict(small_enough if largest.reports >= 10_000 else small_enough or None)}"
            f"  at most {_kb(MAX_QUERY_BYTES)} KB loaded for a one-word query: {_kb(one_word)} KB at {at}"
        )
        heap = max(q.heap for r in sized for q in r.queries)
        lines.append(
            f"{verdict(heap <= MAX_HEAP_BYTES)}  JS heap at most {MAX_HEAP_BYTES / 1e6:.0f} MB: {heap / 1e6:.1f} MB at "
            "most"
        )
        share = max(r.index_seconds / r.build_wall for r in sized if r.build_wall)
        lines.append(
            f"{verdict(share <= MAX_SHARE)}  index building at most {MAX_SHARE:.0%} of the first build: "
            + ", ".join(
                f"N = {r.reports:,}: {r.index_seconds:.1f} s, {r.index_seconds / r.build_wall:.1%}" for r in sized
            )
        )
        if len(sized) >= 2:
            a, b = sized[0], sized[-1]
            import math

            e = math.log(max(b.index_seconds, 1e-3) / max(a.index_seconds, 1e-3)) / math.log(b.reports / a.reports)
            lines.append(
                f"{verdict(e <= 1.1)}  index building linear in N: exponent {e:.2f} ≤ 1.1 (N = {a.reports:,} → "
                f"{b.reports:,})"
            )
    return lines
