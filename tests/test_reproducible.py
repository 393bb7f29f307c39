"""Reproducible: two clean builds of the same inputs are byte for byte the same.

The two projects live at different paths, are built in different time zones,
locales and hash seeds, and neither sets
SOURCE_DATE_EPOCH: the build derives it (last git commit, else newest seed),
so the only date in the output (the gzipped sitemaps' header) is the seeds'
date, not today's.
"""

from __future__ import annotations

import datetime
import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import hostile_seeds
from conftest import PROJECT_DIR, make_project
from reportarchive import cli
from reportarchive.layout import LANGUAGE_DIR
from trustkit import REAL_LANGUAGES, REAL_SEEDS, snapshot, warm_cache

SEED_TIME = 1_000_000_000  # 2001-09-09T01:46:40Z
SEED_DAY = int(datetime.datetime(2001, 9, 9, tzinfo=datetime.UTC).timestamp())


def _project(root: Path) -> Path:
    seeds = root / "seeds-in"
    hostile_seeds.write_seeds(seeds)  # a hostile file name, bidi text, … : nothing may vary
    for name in REAL_LANGUAGES:
        shutil.copy(REAL_SEEDS / name, seeds / name)
    for path in seeds.iterdir():
        os.utime(path, (SEED_TIME, SEED_TIME))
    project = make_project(root / "project", seeds)
    warm_cache(project, REAL_LANGUAGES)
    return project


def _build(project: Path, **env: str) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environment.update(env)
    result = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "build.py"), "--project", str(project), "--strict"],
        capture_output=True,
        text=True,
        env=environment,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.site
def test_two_clean_builds_are_byte_identical(tmp_path):
    first, second = _project(tmp_path / "one"), _project(tmp_path / "elsewhere" / "two")
    _build(first, TZ="UTC", LC_ALL="C.UTF-8", PYTHONHASHSEED="1")
    _build(second, TZ="Pacific/Kiritimati", LC_ALL="C", PYTHONHASHSEED="4242")
    site_one, site_two = snapshot(first / "site"), snapshot(second / "site")
    assert sorted(site_one) == sorted(site_two)
    differing = [path for path in site_one if site_one[path] != site_two[path]]
    assert differing == [], f"differ between two clean builds: {differing[:10]}"
    generated = lambda name: bool(LANGUAGE_DIR.match(name))  # noqa: E731
    assert snapshot(first / "docs", generated) == snapshot(second / "docs", generated)
    # Nothing of where or when it was built: no path, and the seeds' day in the sitemaps.
    for path in (first / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".xml", ".json", ".txt"):
            assert str(tmp_path) not in path.read_text(encoding="utf-8"), path
    sitemaps = list((first / "site").glob("*/sitemap.xml.gz"))
    assert sitemaps
    for sitemap in sitemaps:
        header_time = int.from_bytes(sitemap.read_bytes()[4:8], "little")
        assert header_time == SEED_DAY, (sitemap, header_time)
        gzip.decompress(sitemap.read_bytes())


def test_build_time_is_the_last_commit_else_the_newest_seed(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, when in (("a.txt", 1_500_000_000), ("b.txt", 1_600_000_000), ("metadata.yml", 1_550_000_000)):
        (seeds / name).write_text("x")
        os.utime(seeds / name, (when, when))
    assert cli.source_date_epoch(tmp_path, seeds) == 1_600_000_000
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "@1234567890 +0000",
        "GIT_COMMITTER_DATE": "@1234567890 +0000",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "seeds"]):
        subprocess.run(["git", "-C", str(tmp_path), *command], check=True, env=env, capture_output=True)
    assert cli.source_date_epoch(tmp_path, seeds) == 1_234_567_890
    # A project inside someone else's repository is not that repository.
    inner = tmp_path / "inner"
    (inner / "seeds").mkdir(parents=True)
    (inner / "seeds" / "c.txt").write_text("y")
    os.utime(inner / "seeds" / "c.txt", (1_700_000_000, 1_700_000_000))
    assert cli.source_date_epoch(inner, inner / "seeds") == 1_700_000_000


def test_build_time_is_set_for_the_build_only_and_never_overrides(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("x")
    os.utime(seeds / "a.txt", (1_500_000_000, 1_500_000_000))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with cli.reproducible_time(tmp_path, seeds):
        assert os.environ["SOURCE_DATE_EPOCH"] == "1500000000"
    assert "SOURCE_DATE_EPOCH" not in os.environ  # make serve rebuilds: the next build derives it again
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "42")
    with cli.reproducible_time(tmp_path, seeds):
        assert os.environ["SOURCE_DATE_EPOCH"] == "42"
    assert os.environ["SOURCE_DATE_EPOCH"] == "42"
