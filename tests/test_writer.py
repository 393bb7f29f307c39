import os

from reportarchive.records import OutputFile
from reportarchive.writer import write_tree


def _tree(root):
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def test_writes_swaps_and_removes_stale_trees(tmp_path):
    docs = tmp_path / "docs"
    (docs / "overrides").mkdir(parents=True)
    (docs / "overrides" / "main.html").write_text("hand-written")
    first = [OutputFile("fr/index.md", "a"), OutputFile("fr/reports/x.md", "x"), OutputFile("de/index.md", "b")]
    assert write_tree(docs, first) == {"written": 3, "unchanged": 0, "removed": 0}
    second = [OutputFile("fr/index.md", "a2"), OutputFile("uk/index.md", "c")]
    assert write_tree(docs, second) == {"written": 2, "unchanged": 0, "removed": 2}
    assert _tree(docs) == {"fr/index.md": "a2", "overrides/main.html": "hand-written", "uk/index.md": "c"}
    assert not [p for p in docs.iterdir() if p.name.startswith(".")]


def test_unchanged_files_are_not_rewritten(tmp_path):
    docs = tmp_path / "docs"
    files = [OutputFile("fr/index.md", "a"), OutputFile("fr/reports/x.md", "x")]
    write_tree(docs, files)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in docs.rglob("*.md")}
    assert write_tree(docs, files) == {"written": 0, "unchanged": 2, "removed": 0}
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in docs.rglob("*.md")} == before
    os.utime(docs / "fr" / "index.md", ns=(0, 0))
    write_tree(docs, [OutputFile("fr/index.md", "a"), OutputFile("fr/reports/x.md", "x2")])
    assert (docs / "fr" / "index.md").stat().st_mtime_ns == 0
