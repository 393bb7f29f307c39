"""The reader's answers to deceptive text, broken bytes and odd files (unit tests)."""

from __future__ import annotations

import os

import pytest

from reportarchive import cli, reader
from reportarchive.records import Problem


@pytest.mark.parametrize(
    "raw,shown",
    [
        ("invoice_\u202egnp.exe", "invoice_gnp.exe"),  # right-to-left override: would show "invoice_exe.png"
        ("a\u202ab\u202bc\u202cd\u202de\u2066f\u2067g\u2068h\u2069i", "abcdefghi"),
        ("pass\u200bword", "password"),
        ("zero\u2060width \ufeffbom", "zerowidth bom"),
        ("x\u2061y\u2062z\u2063w\u2064v\u180eu\ufff9t\ufffas\ufffbr", "xyzwvutsr"),
        ("hidden\U000e0041\U000e0042 tags", "hidden tags"),
        ("join\u200dlatin and \u200cnon", "joinlatin and non"),  # no script needs a joiner there
        ("ends with a joiner\u200d", "ends with a joiner"),
    ],
)
def test_deceptive_invisible_characters_are_removed(raw, shown):
    assert reader.strip_deceptive(raw) == shown
    assert reader.normalize(raw) == shown


@pytest.mark.parametrize(
    "text",
    [
        "می\u200cخواهم",  # Persian: the non-joiner is spelling
        "क्\u200dष",  # Devanagari: a joiner after the virama
        "👩\u200d👩\u200d👧 👍🏽 🏳️\u200d🌈",  # emoji sequences
        "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # the flag of Scotland
        "\u200fعربى\u200e mark \u061c",  # directional marks only nudge neutral characters
    ],
)
def test_characters_a_script_or_emoji_needs_are_kept(text):
    assert reader.normalize(text) == text


def test_other_line_and_paragraph_separators_become_line_breaks_not_nothing():
    assert reader.normalize("a\x0bb\x0cc\x85d\u2028e\u2029f") == "a\nb\nc\nd\ne\n\nf"


@pytest.mark.parametrize(
    "raw,message,line",
    [
        (b"fine\nfine\ncaf\xc3\xa9 \xff\n", "invalid UTF-8", 3),
        (b"one\ntwo \x81\x8d\n", "undecodable bytes", 2),
        (b"\xff\xfe" + "ab\ncd".encode("utf-16-le") + b"\x00\xd8", "invalid utf-16 after its byte order mark", 2),
        (bytes(range(1, 9)) * 10, "binary file (control bytes", None),
        ("text".encode("utf-16-le"), "UTF-16 needs a byte order mark", None),
    ],
)
def test_undecodable_bytes_name_their_line(raw, message, line):
    with pytest.raises(reader.DecodeError) as caught:
        reader.decode(raw)
    assert message in str(caught.value) and caught.value.line == line


def test_a_few_stray_control_bytes_are_still_text():
    assert reader.decode(b"old DOS text\x1a\n\x07bell")[0] == "old DOS text\x1a\n\x07bell"


def test_a_file_larger_than_the_limit_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(reader.MAX_SEED_BYTES + 1)
    problem = reader.read_seed(big, "big.txt")
    assert isinstance(problem, Problem) and problem.severity == "error" and "too large" in problem.message


def test_odd_files_are_problems_not_exceptions(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    os.symlink("loop.txt", seeds / "loop.txt")
    os.symlink("missing.txt", seeds / "dangling.txt")
    os.mkfifo(seeds / "pipe.txt")
    (seeds / "UPPER.TXT").write_text("x")
    with open(os.path.join(os.fsencode(seeds), b"bad-\xff.txt"), "wb") as handle:
        handle.write(b"x")
    os.symlink(seeds / "ok.txt", seeds / "inside.txt")
    (seeds / "ok.txt").write_text("x")
    found, problems = reader.find_seed_paths(seeds)
    assert [uri for _, uri in found] == ["inside.txt", "ok.txt"]
    assert sorted(str(p) for p in problems) == [
        "UPPER.TXT: warning: not a seed: the name must end in '.txt' (lower case); skipped",
        "bad-\\xff.txt: error: file name is not valid UTF-8; rename the file; skipped",
        "dangling.txt: error: not a regular file (a broken or looping symlink, a pipe, …); skipped",
        "loop.txt: error: not a regular file (a broken or looping symlink, a pipe, …); skipped",
        "pipe.txt: error: not a regular file (a broken or looping symlink, a pipe, …); skipped",
    ]


def test_problem_lines_are_always_one_line_and_show_what_they_name():
    line = cli.format_problem(Problem("new\nline\u202e.txt", "no source line", 3), "seeds")
    assert line == "seeds/new\\nline\\u202e.txt:3: warning: no source line"
    assert cli.printable("Звіт № 5 — é 👍🏽.txt") == "Звіт № 5 — é 👍🏽.txt"


def test_an_unreadable_folder_is_one_problem_and_the_other_seeds_are_found(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    (seeds / "locked").mkdir(parents=True)
    (seeds / "locked" / "hidden.txt").write_text("x")
    (seeds / "ok.txt").write_text("x")
    real_scandir = os.scandir

    def scandir(path):  # root reads any folder: refuse this one as the system would for a user
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(reader.os, "scandir", scandir)
    found, problems = reader.find_seed_paths(seeds)
    assert [uri for _, uri in found] == ["ok.txt"]
    assert [str(p) for p in problems] == ["locked: warning: cannot read folder: Permission denied; skipped"]
    # seeds/ itself unreadable: an error before anything is written (cli prints it as one line).
    with pytest.raises(PermissionError):
        reader.find_seed_paths(seeds / "locked")


def test_short_reads_are_read_on_to_the_end():
    class Trickle:  # returns at most 3 bytes a call, as some file systems may
        def __init__(self, data):
            self.data = data

        def read(self, count):
            chunk, self.data = self.data[: min(count, 3)], self.data[min(count, 3) :]
            return chunk

    assert reader._read_up_to(Trickle(b"0123456789"), 11) == b"0123456789"
    assert reader._read_up_to(Trickle(b"0123456789"), 4) == b"0123"
