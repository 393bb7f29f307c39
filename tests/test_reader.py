import os

import pytest

from reportarchive import reader
from reportarchive.records import Problem, SeedFile

TEXT = "Étaient présents à la réunion — « Projet » ; Коментар\nligne 2"


@pytest.mark.parametrize(
    "raw,encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_decodes_unicode_encodings(raw, encoding):
    assert reader.decode(raw) == (TEXT, encoding)


def test_decodes_windows_1252():
    text = "Étaient présents — « Projet » ; œuvre €"
    assert reader.decode(text.encode("cp1252")) == (text, "cp1252")


def test_binary_and_undecodable_are_refused():
    with pytest.raises(ValueError, match="binary"):
        reader.decode(b"PK\x03\x04\x00\x00")
    with pytest.raises(ValueError, match="undecodable"):
        reader.decode(b"caf\xc3 \x81\x8d")


def test_normalize_line_ends_nfc_and_control_characters():
    decomposed = "e\u0301te\u0301\r\nx\ry\x07z\tw"
    assert reader.normalize(decomposed) == "été\nx\nyz\tw"


def test_read_seed_reports_problems_as_values(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"  \n\n ")
    (tmp_path / "ok.txt").write_bytes(b"Bonjour\r\n")
    empty = reader.read_seed(tmp_path / "empty.txt", "empty.txt")
    ok = reader.read_seed(tmp_path / "ok.txt", "ok.txt")
    assert isinstance(empty, Problem) and "empty" in str(empty)
    assert isinstance(ok, SeedFile) and ok.text == "Bonjour\n"


def test_find_seed_paths_skips_other_files_and_outside_symlinks(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "b.txt").write_text("b")
    (seeds / "a b é.txt").write_text("a")
    (seeds / "-dash.txt").write_text("d")
    (seeds / "notes.md").write_text("x")
    (tmp_path / "secret.txt").write_text("s")
    os.symlink(tmp_path / "secret.txt", seeds / "link.txt")
    found, problems = reader.find_seed_paths(seeds)
    assert [uri for _, uri in found] == ["-dash.txt", "a b é.txt", "b.txt"]
    assert [str(p) for p in problems] == ["link.txt: error: symlink points outside the seeds folder; skipped"]
