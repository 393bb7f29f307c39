"""Broken seeds: each gets one clear line naming the file (and line), the rest
still build, and the exit code says what happened (0 without --strict, 1 with).

The line format is ``seeds/<name>[:<line>]: warning|error: <message>``; a
name that a terminal would not show as itself is escaped (cli.printable).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import make_project, run_build
from reportarchive import cli
from trustkit import REAL_LANGUAGES, REAL_SEEDS, real_slugs, warm_cache

QDND = "https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bao-dam-tien-do-chat-luong-du-an-chuyen-doi-so-nganh-cong-tac-dang-cong-tac-chinh-tri-834487"
ENGLISH = "The delegates reviewed the {} project and agreed on the tasks for the coming year, one by one."
FRENCH = "Les délégués ont examiné le projet et approuvé les tâches de l'année prochaine, une par une."


@dataclass(frozen=True)
class Case:
    name: str | bytes  # bytes: a name that is not UTF-8
    content: bytes | str | None  # None: made by ``make`` below
    severity: str | None  # None: no problem at all
    message: str = ""  # a regex the message must match
    line: int | None = None
    language: tuple[str, float] | None = None  # what detection says (pre-filled cache)
    slug: str | None = None  # the report's slug prefix, when it is built

    @property
    def shown(self) -> str:
        name = self.name if isinstance(self.name, str) else os.fsdecode(self.name)
        return cli.printable(name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))

    @property
    def id(self) -> str:
        return re.sub(r"[^\w.-]", "_", self.shown)


CASES = [
    Case("empty.txt", b"", "error", r"empty file"),
    Case("whitespace.txt", b"  \n\t\n \r\n\r\n", "error", r"empty file"),
    Case("invisible.txt", "\u200b\u202e\n\ufeff\u2066".encode(), "error", r"empty file"),
    Case(
        "binary.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        "error",
        r"binary file \(contains NUL bytes\), not text",
    ),
    Case("control-bytes.txt", bytes(range(1, 9)) * 40, "error", r"binary file"),
    Case("utf16-without-bom.txt", ENGLISH.format("UTF-16").encode("utf-16-le"), "error", r"byte order mark"),
    Case(
        "undecodable.txt",
        b"The first line is fine.\nThe second \x81\x8d\x90 is not.\n",
        "error",
        r"undecodable bytes",
        line=2,
    ),
    Case(
        "broken-utf8.txt",
        "Première ligne.\nDeuxième ligne.\n".encode() + b"\xff\xfe\n",
        "error",
        r"invalid UTF-8",
        line=3,
    ),
    Case("huge.txt", None, "error", r"file too large"),
    Case(
        "debris-only.txt",
        "![]()\nComment (0)\n\n| |\nSource : https://example.org/broken/debris\n",
        "error",
        r"no body text",
    ),
    Case(
        "digits.txt",
        "12345 67890\n\nSource : https://example.org/broken/digits\n",
        "error",
        r"language could not be detected",
    ),
    Case(
        "emoji.txt",
        "😀😀😀 🎉🎉🎉 🚀🚀\n\nSource : https://example.org/broken/emoji\n",
        "error",
        r"language could not be detected",
    ),
    Case(
        "uncertain.txt",
        "Hello world ok\n\nSource : https://example.org/broken/uncertain\n",
        "warning",
        r"language uncertain \(en, confidence 0\.10\)",
        language=("en", 0.0997),
        slug="uncertain-",
    ),
    Case(
        "no-source.txt",
        ENGLISH.format("sourceless"),
        "warning",
        r"no source line",
        language=("en", 0.9),
        slug="no-source-",
    ),
    Case(
        "900_same_source_fr.txt",
        f"{FRENCH}\n\nFonte: {QDND}\n",
        "warning",
        r"same source and language \(fr\) as 000_7e8861d5b44c2d65\.txt; skipped",
        line=3,
        language=("fr", 0.95),
    ),
    Case(
        "901_copy_of_003.txt",
        (REAL_SEEDS / "003_c5728c6d5f02f1cc.txt").read_bytes(),
        "warning",
        r"identical to 003_c5728c6d5f02f1cc\.txt; skipped",
    ),
    Case("-dash.txt", ENGLISH.format("dash"), "warning", r"no source line", language=("en", 0.9), slug="dash-"),
    Case(
        "--strict.txt",
        ENGLISH.format("option") + "\n\nSource : https://example.org/broken/option-like-name\n",
        None,
        language=("en", 0.9),
        slug="option-like-name-",
    ),
    Case(
        "name with spaces.txt",
        ENGLISH.format("spaced"),
        "warning",
        r"no source line",
        language=("en", 0.9),
        slug="name-with-spaces-",
    ),
    Case(
        "Звіт № 5 — é.txt",
        "Делегати розглянули проєкт і погодили завдання на наступний рік.\n\nДжерело: https://example.org/звіт/про-проєкт\n",
        None,
        language=("uk", 0.9),
        slug="example-org-",
    ),
    Case(
        "new\nline.txt", ENGLISH.format("newline"), "warning", r"no source line", language=("en", 0.9), slug="new-line-"
    ),
    Case(b"latin1-\xe9.txt", ENGLISH.format("latin1").encode(), "error", r"file name is not valid UTF-8"),
    Case("outside.txt", None, "error", r"symlink points outside the seeds folder"),
    Case("loop.txt", None, "error", r"not a regular file"),
    Case("REPORT.TXT", ENGLISH.format("upper case"), "warning", r"not a seed: the name must end in '\.txt'"),
]


def make(case: Case, seeds: Path) -> None:
    name = case.name if isinstance(case.name, str) else case.name
    path = os.path.join(os.fsencode(seeds), name) if isinstance(name, bytes) else seeds / name
    if case.name == "huge.txt":
        with open(path, "wb") as handle:  # 50 MB, sparse: instant, and never read
            handle.truncate(50 * 1024 * 1024)
    elif case.name == "outside.txt":
        secret = seeds.parent / "secret.txt"
        secret.write_text(ENGLISH.format("secret"), encoding="utf-8")
        os.symlink(secret, path)
    elif case.name == "loop.txt":
        os.symlink("loop.txt", path)
    else:
        content = case.content.encode("utf-8") if isinstance(case.content, str) else case.content
        with open(path, "wb") as handle:
            handle.write(content)


def project_with(root: Path, cases: list[Case], real: list[str]) -> Path:
    seeds = root / "seeds-in"
    seeds.mkdir(parents=True)
    for name in real:
        shutil.copy2(REAL_SEEDS / name, seeds / name)
    project = make_project(root / "project", seeds)
    for case in cases:  # after the copy, which would follow symlinks
        make(case, project / "seeds")
    languages = {name: REAL_LANGUAGES[name] for name in real}
    languages.update({c.name: c.language for c in cases if c.language and isinstance(c.name, str)})
    warm_cache(project, languages)
    return project


PROBLEM_LINE = re.compile(r"^seeds/(?P<where>.+?)(?::(?P<line>\d+))?: (?P<severity>warning|error): (?P<message>.+)$")


def lines_naming(stderr: str, case: Case) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"seeds/{case.shown}:")]


def assert_reported(stderr: str, case: Case) -> None:
    lines = lines_naming(stderr, case)
    if case.severity is None:
        assert lines == [], f"{case.shown}: expected no problem, got {lines}"
        return
    assert len(lines) == 1, f"{case.shown}: expected one line, got {lines}\n{stderr}"
    match = PROBLEM_LINE.match(lines[0])
    assert match and match["where"] == case.shown, lines[0]
    assert match["severity"] == case.severity, lines[0]
    assert (int(match["line"]) if match["line"] else None) == case.line, lines[0]
    assert re.search(case.message, match["message"]), lines[0]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_broken_seed_is_one_line_and_fails_only_strict(tmp_path, capsys, case):
    """In-process, --no-site: one line naming the file; exit 1 with --strict, 0 without."""
    context = [name for name in REAL_LANGUAGES if name in case.message.replace("\\", "")]
    project = project_with(tmp_path, [case], context)
    for strict, expected_exit in ((True, 1 if case.severity else 0), (False, 0)):
        code = cli.main(["--project", str(project), "--no-site", *(["--strict"] if strict else [])])
        out, err = capsys.readouterr()
        assert code == expected_exit, f"--strict={strict}: exit {code}\n{err}"
        assert "Traceback" not in err
        assert_reported(err, case)
        if case.severity:
            assert len([line for line in err.splitlines() if PROBLEM_LINE.match(line)]) == 1, err
        if strict and case.severity:
            assert err.splitlines()[-1] == "error: --strict: 1 problem(s) above"


@pytest.fixture(scope="module")
def broken_project(tmp_path_factory) -> tuple[Path, object]:
    """The real seeds and every broken seed together, built without --strict."""
    project = project_with(tmp_path_factory.mktemp("broken"), CASES, list(REAL_LANGUAGES))
    result = run_build(project)
    return project, result


@pytest.mark.site
def test_everything_else_still_builds(broken_project):
    project, result = broken_project
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for case in CASES:
        assert_reported(result.stderr, case)
    problem_lines = [line for line in result.stderr.splitlines() if line.startswith("seeds/")]
    assert len(problem_lines) == sum(1 for c in CASES if c.severity), problem_lines
    assert all(PROBLEM_LINE.match(line) for line in problem_lines), problem_lines
    assert not [line for line in result.stderr.splitlines() if not line.startswith("seeds/")], result.stderr
    site = project / "site"
    for language in ("de", "fr", "pt", "uk", "en"):
        built = {p.stem for p in (site / language / "reports").glob("*.html")}
        assert real_slugs() <= built, language
    for case in CASES:
        if case.slug:
            code = case.language[0]
            pages = [
                p
                for p in (site / code / "reports").glob(f"{case.slug}*.html")
                if 'class="report-meta"' in p.read_text()
            ]
            assert len(pages) == 1, f"{case.shown}: no page {case.slug}* in {code}"
            assert re.fullmatch(r"[a-z0-9-]+", pages[0].stem), pages[0].name
    # What was refused left nothing behind: no page names a refused seed.
    refused = [c for c in CASES if c.severity == "error" or "skipped" in c.message]
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for case in refused:
            assert f'data-seed="{case.shown}"' not in text, (page, case.shown)


@pytest.mark.site
def test_strict_fails_with_the_same_lines(broken_project):
    project, relaxed = broken_project
    result = run_build(project, "--strict", "--no-site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    problems = [line for line in result.stderr.splitlines() if line.startswith("seeds/")]
    assert problems == [line for line in relaxed.stderr.splitlines() if line.startswith("seeds/")]
    assert result.stderr.splitlines()[-1] == f"error: --strict: {len(problems)} problem(s) above"


def test_wrong_usage_exits_2_without_a_traceback(tmp_path):
    for args in (["--jobs", "0"], ["--jobs", "-3"], ["--no-such-option"], ["--project", str(tmp_path / "nowhere")]):
        result = run_build(tmp_path, *args) if args[0] != "--project" else run_build(tmp_path / "nowhere")
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr and result.stderr.strip(), args


def test_docs_that_cannot_be_written_is_one_line_and_exit_1(tmp_path, capsys):
    project = project_with(tmp_path, [], ["003_c5728c6d5f02f1cc.txt"])
    shutil.rmtree(project / "docs")
    (project / "docs").write_text("a file where the docs folder goes")
    code = cli.main(["--project", str(project), "--no-site"])
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1 and err.startswith("error: "), err
    assert "Traceback" not in err


def test_an_unreadable_seeds_folder_is_one_line_and_leaves_docs_as_it_was(tmp_path, capsys, monkeypatch):
    project = project_with(tmp_path, [], ["003_c5728c6d5f02f1cc.txt"])
    assert cli.main(["--project", str(project), "--no-site"]) == 0
    before = sorted(p.relative_to(project) for p in (project / "docs").rglob("*.md"))
    capsys.readouterr()
    real_scandir = os.scandir

    def scandir(path):  # root reads any folder: refuse seeds/ as the system would for a user
        if os.path.basename(os.fspath(path)) == "seeds":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code = cli.main(["--project", str(project), "--no-site"])
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1 and err.startswith("error: Permission denied"), err
    assert sorted(p.relative_to(project) for p in (project / "docs").rglob("*.md")) == before and before


def test_a_text_gone_from_the_seeds_memo_midway_is_one_line_and_exit_1(tmp_path, capsys, monkeypatch):
    """The records read their texts back from the seeds memo (caching/stored.py);
    should it lose one (it never should: builds take turns), one line, not a traceback."""
    from reportarchive.caching import stored

    project = project_with(tmp_path, [], ["003_c5728c6d5f02f1cc.txt"])

    def gone(memo, key):
        raise stored.MissingText(f"the text of seed {key[:12]}… is no longer in the seeds memo; build again")

    stored.forget_recent()
    monkeypatch.setattr(stored, "_read", gone)
    code = cli.main(["--project", str(project), "--no-site"])
    err = capsys.readouterr().err
    assert code == 1 and err.strip().splitlines()[-1].endswith("no longer in the seeds memo; build again"), err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
