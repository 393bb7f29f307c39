"""Languages built apart (jobs of a CI matrix) and merged: the same site as one full build."""

import subprocess
import sys

import pytest

from conftest import make_project, run_build
from paths import PROJECT_DIR


def _files(site):
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.mark.site
def test_two_subsets_built_apart_and_merged_make_the_full_site_byte_for_byte(built_site, tmp_path):
    parts = []
    for name, languages in (("a", "de,fr"), ("b", "pt,uk")):
        project = make_project(tmp_path / name)
        result = run_build(project, "--strict", "--languages", languages)
        assert result.returncode == 0, result.stdout + result.stderr
        built = sorted(p.name for p in (project / "site").iterdir() if p.is_dir())
        assert built == sorted([*languages.split(","), "assets", "compare", "exports"])  # its languages, the root's
        parts.append(project / "site")
    merged = tmp_path / "merged"
    result = subprocess.run(
        [
            sys.executable,
            str(PROJECT_DIR / "scripts" / "merge.py"),
            str(merged),
            *map(str, parts),
            "--project",
            str(tmp_path / "a"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    full, together = _files(built_site), _files(merged)
    assert sorted(together) == sorted(full)
    assert [name for name in full if full[name] != together[name]] == []


@pytest.mark.site
def test_parts_that_differ_are_not_merged(tmp_path):
    parts = []
    for name in ("a", "b"):
        site = tmp_path / name / "fr"
        site.mkdir(parents=True)
        (site / "index.html").write_text(f"<p>{name}</p>", encoding="utf-8")
        parts.append(tmp_path / name)
    result = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "merge.py"), str(tmp_path / "out"), *map(str, parts)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "fr/index.html: differs between the parts" in result.stderr


def test_an_unknown_language_is_refused_in_one_line(tmp_path):
    project = make_project(tmp_path / "project")
    result = run_build(project, "--languages", "fr,xx")
    assert result.returncode == 1 and "error: --languages: no seed in xx" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_matrix_workflow_builds_each_group_of_languages_and_merges_them():
    import yaml

    workflow = yaml.safe_load((PROJECT_DIR / ".github" / "workflows" / "pages-matrix.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert (
        jobs["build"]["needs"] == "languages"
        and jobs["merge"]["needs"] == "build"
        and jobs["deploy"]["needs"] == "merge"
    )
    assert jobs["build"]["strategy"]["matrix"]["languages"] == "${{ fromJSON(needs.languages.outputs.groups) }}"
    groups = next(step for step in jobs["languages"]["steps"] if step.get("id") == "groups")
    assert "scripts/language_groups.py" in groups["run"]
    build = next(step for step in jobs["build"]["steps"] if "make site" in str(step.get("run")))
    assert build["run"] == 'make site BUILD_ARGS="--languages ${{ matrix.languages }}"' and "SITE_URL" in build["env"]
    merge = next(step for step in jobs["merge"]["steps"] if "merge.py" in str(step.get("run")))
    assert "scripts/merge.py site parts/*" in merge["run"] and "SITE_URL" in merge["env"]


def test_languages_are_grouped_evenly_for_the_matrix(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("language_groups", PROJECT_DIR / "scripts" / "language_groups.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for code, pages in {"de": 3, "fr": 5, "pt": 2, "uk": 2, "images": 9}.items():
        (tmp_path / code).mkdir()
        for n in range(pages):
            (tmp_path / code / f"{n}.md").write_text("x")
    assert module.groups(tmp_path, 2) == ["fr,uk", "de,pt"]  # 7 and 5 pages: largest first, into the lightest
    assert module.groups(tmp_path, 9) == ["fr", "de", "pt", "uk"]
