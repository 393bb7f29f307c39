import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_DIR / "scripts"))


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


def make_project(root: Path, seeds: Path | None = None) -> Path:
    """A throwaway copy of the project's inputs, so tests never touch docs/ or site/."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_DIR / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT_DIR / "docs" / "overrides", root / "docs" / "overrides")
    shutil.copytree(seeds or PROJECT_DIR / "seeds", root / "seeds")
    return root


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "build.py"), "--project", str(project), *args],
        capture_output=True, text=True,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real seeds built once with --strict; returns the site/ folder."""
    project = make_project(tmp_path_factory.mktemp("project"))
    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"
