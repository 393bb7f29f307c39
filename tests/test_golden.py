"""Golden files: the page generated for each real seed, reviewed by eye.

Input ``seeds/<name>.txt`` pairs with expected ``tests/golden/<name>.md``.
After an intended change, regenerate with ``pytest --update-golden`` and read
the diff before committing it.
"""

from pathlib import Path

import pytest

from reportarchive import pipeline

PROJECT_DIR = Path(__file__).resolve().parents[1]
GOLDEN_DIR = Path(__file__).parent / "golden"
SEEDS = sorted((PROJECT_DIR / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def pages_by_seed():
    gathered = pipeline.gather(PROJECT_DIR / "seeds")
    by_path = {f.dest_uri: f.content for f in gathered.files}
    return {
        t.src_uri: by_path[f"{t.language}/reports/{r.slug}.md"]
        for r in gathered.reports for t in r.translations
    }


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_seed_page_matches_golden(seed, pages_by_seed, request):
    golden = GOLDEN_DIR / f"{seed.stem}.md"
    actual = pages_by_seed[seed.name]
    if request.config.getoption("--update-golden"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"missing {golden.name}: run pytest --update-golden and review it"
    assert actual == golden.read_text(encoding="utf-8")
