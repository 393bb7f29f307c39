import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from paths import MULTISCRIPT_DIR, PROJECT_DIR

sys.path.insert(0, str(PROJECT_DIR / "scripts"))
# The usual umask, whatever the shell's: tests assert the modes it gives.
os.umask(0o022)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


# Fixtures that build a whole site with MkDocs: a test using one is a site
# test whatever its marks say, so `make unit` never builds a site.
SITE_FIXTURES = {
    "built_project",
    "built_site",
    "built_site_output",
    "hosted_project",
    "hosted_site",
    "hosted_site_output",
    "site_with_new_languages",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)


def make_project(root: Path, seeds: Path | None = None) -> Path:
    """A throwaway copy of the project's inputs, so tests never touch docs/ or site/."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_DIR / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT_DIR / "docs" / "overrides", root / "docs" / "overrides")
    shutil.copytree(seeds or PROJECT_DIR / "seeds", root / "seeds")
    return root


def run_build(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "build.py"), "--project", str(project), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env} if env else None,
    )


def _real_seeds_built(folder: Path, env: dict | None = None) -> tuple[Path, str]:
    project = make_project(folder)
    result = run_build(project, "--strict", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, result.stdout + result.stderr


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (one per test session)."""
    from playwright.sync_api import sync_playwright

    from browserkit import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> tuple[Path, str]:
    """The real seeds built once with --strict: the project and what the build printed."""
    return _real_seeds_built(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="session")
def built_site(built_project) -> Path:
    return built_project[0] / "site"


@pytest.fixture(scope="session")
def built_site_output(built_project) -> str:
    return built_project[1]


HOSTED_SITE_URL = "https://archive.example.org/reports"


@pytest.fixture(scope="session")
def hosted_project(tmp_path_factory) -> tuple[Path, str]:
    """The real seeds built with a site_url (SITE_URL)."""
    return _real_seeds_built(tmp_path_factory.mktemp("hosted"), {"SITE_URL": HOSTED_SITE_URL})


@pytest.fixture(scope="session")
def hosted_site(hosted_project) -> Path:
    return hosted_project[0] / "site"


@pytest.fixture(scope="session")
def hosted_site_output(hosted_project) -> str:
    return hosted_project[1]


# Seeds written for the tests in languages and scripts the real seeds do not
# have, with the debris of real scraped pages (tests/multiscript/README.md):
# a new language must need no configuration.
MULTISCRIPT_SEEDS_DIR = MULTISCRIPT_DIR / "seeds"
NEW_LANGUAGE_SEEDS = {
    path.name: path.read_text(encoding="utf-8") for path in sorted(MULTISCRIPT_SEEDS_DIR.glob("*.txt"))
}


@pytest.fixture(scope="session")
def site_with_new_languages(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("new-languages"))
    for name, text in NEW_LANGUAGE_SEEDS.items():
        (project / "seeds" / name).write_text(text, encoding="utf-8")
    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"
