"""Golden files: the page generated for each seed, reviewed by eye.

Input ``seeds/<name>.txt`` pairs with expected ``tests/golden/<name>.md``, and
each multi-script test seed ``tests/multiscript/seeds/<name>.txt`` (built
together with the real seeds, as some join their reports) with
``tests/golden/multiscript/<name>.md``. After an intended change, regenerate
with ``pytest --update-golden`` and read the diff before committing it.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

from paths import MULTISCRIPT_DIR, PROJECT_DIR
from reportarchive import pipeline, strings

GOLDEN_DIR = Path(__file__).parent / "golden"
SEEDS = sorted((PROJECT_DIR / "seeds").glob("*.txt"))

MULTISCRIPT_SEEDS = sorted((MULTISCRIPT_DIR / "seeds").glob("*.txt"))
ADDED_TIME = 1727740800  # 2024-10-01 00:00 UTC
EXPECTED = json.loads((MULTISCRIPT_DIR / "expected.json").read_text(encoding="utf-8"))


def _pages_by_seed(seeds_dir: Path) -> tuple[dict[str, str], pipeline.Gathered]:
    gathered = pipeline.gather(seeds_dir)
    by_path = {f.dest_uri: f.content for f in gathered.files}
    pages = {t.src_uri: by_path[f"{t.language}/reports/{r.slug}.md"] for r in gathered.reports for t in r.translations}
    return pages, gathered


def _seeds_copy(folder: Path, seeds: list[Path]) -> Path:
    seeds_dir = folder / "seeds"
    seeds_dir.mkdir()
    for seed in seeds:
        shutil.copy(seed, seeds_dir / seed.name)
        # Outside git, a report's "added on" date is its seeds' modification time: fixed here.
        os.utime(seeds_dir / seed.name, (ADDED_TIME, ADDED_TIME))
    return seeds_dir


@pytest.fixture(scope="module")
def pages_by_seed(tmp_path_factory):
    return _pages_by_seed(_seeds_copy(tmp_path_factory.mktemp("golden"), SEEDS))[0]


@pytest.fixture(scope="module")
def multiscript(tmp_path_factory):
    return _pages_by_seed(_seeds_copy(tmp_path_factory.mktemp("multiscript"), SEEDS + MULTISCRIPT_SEEDS))


def _check(golden: Path, actual: str, request) -> None:
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"missing {golden.name}: run pytest --update-golden and review it"
    assert actual == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_seed_page_matches_golden(seed, pages_by_seed, request):
    _check(GOLDEN_DIR / f"{seed.stem}.md", pages_by_seed[seed.name], request)


@pytest.mark.parametrize("seed", MULTISCRIPT_SEEDS, ids=[s.stem for s in MULTISCRIPT_SEEDS])
def test_multiscript_seed_page_matches_golden(seed, multiscript, request):
    _check(GOLDEN_DIR / "multiscript" / f"{seed.stem}.md", multiscript[0][seed.name], request)


def test_multiscript_seeds_are_detected_grouped_and_directed_as_expected(multiscript):
    gathered = multiscript[1]
    assert not gathered.problems, [str(p) for p in gathered.problems]
    report_of = {t.src_uri: report for report in gathered.reports for t in report.translations}
    assert set(EXPECTED) == {seed.name for seed in MULTISCRIPT_SEEDS}
    for name, expected in EXPECTED.items():
        translation = next(t for t in report_of[name].translations if t.src_uri == name)
        others = sorted(t.src_uri for t in report_of[name].translations if t.src_uri != name)
        assert (translation.language, others) == (expected["language"], expected["report_with"]), name
        assert strings.direction(translation.language) == expected["dir"], name
