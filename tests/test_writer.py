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
    assert write_tree(docs, first).counts == {"written": 3, "unchanged": 0, "removed": 0}
    second = [OutputFile("fr/index.md", "a2"), OutputFile("uk/index.md", "c")]
    second_write = write_tree(docs, second)
    assert second_write.counts == {"written": 2, "unchanged": 0, "removed": 2} and second_write.changed == (
        "fr",
        "uk",
        "de",
    )
    assert _tree(docs) == {"fr/index.md": "a2", "overrides/main.html": "hand-written", "uk/index.md": "c"}
    assert not [p for p in docs.iterdir() if p.name.startswith(".")]


def test_unchanged_files_are_not_rewritten(tmp_path):
    docs = tmp_path / "docs"
    files = [OutputFile("fr/index.md", "a"), OutputFile("fr/reports/x.md", "x")]
    write_tree(docs, files)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in docs.rglob("*.md")}
    assert write_tree(docs, files).counts == {"written": 0, "unchanged": 2, "removed": 0}
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in docs.rglob("*.md")} == before
    os.utime(docs / "fr" / "index.md", ns=(0, 0))
    write_tree(docs, [OutputFile("fr/index.md", "a"), OutputFile("fr/reports/x.md", "x2")])
    assert (docs / "fr" / "index.md").stat().st_mtime_ns == 0


def test_a_store_turns_rewrites_into_links_and_keeps_only_what_is_used(tmp_path):
    from reportarchive.caching.store import Store

    docs, store = tmp_path / "docs", Store(tmp_path / "store")
    files = [OutputFile("fr/index.md", "a"), OutputFile("fr/reports/x.md", "x"), OutputFile("de/index.md", "a")]
    assert write_tree(docs, files, store).written == 3
    stored = {p.name: p for p in (tmp_path / "store").iterdir()}
    assert len(stored) == 2  # "a" once, shared by fr and de
    for path in docs.rglob("*.md"):
        assert any(os.path.samefile(path, s) for s in stored.values())
        assert not os.access(path, os.W_OK) or os.geteuid() == 0  # read-only, but root writes anyway
    # docs/ removed: the same files come back as links to the store, no data written.
    inodes = {p.relative_to(docs): p.stat().st_ino for p in docs.rglob("*.md")}
    for tree in ("fr", "de"):
        __import__("shutil").rmtree(docs / tree)
    write_tree(docs, files, store)
    assert {p.relative_to(docs): p.stat().st_ino for p in docs.rglob("*.md")} == inodes
    # Unchanged files are known by their inode; content that is back from an
    # earlier build is linked from the store with a new mtime (for --dirty).
    os.utime(docs / "fr" / "reports" / "x.md", ns=(0, 0))
    assert write_tree(docs, files, store).counts == {"written": 0, "unchanged": 3, "removed": 0}
    write_tree(
        docs,
        [OutputFile("fr/index.md", "x"), OutputFile("fr/reports/x.md", "a"), OutputFile("de/index.md", "b")],
        store,
    )
    assert (docs / "fr" / "reports" / "x.md").stat().st_mtime_ns > 0 and _tree(docs)["fr/reports/x.md"] == "a"
    assert sorted(p.read_text() for p in (tmp_path / "store").iterdir()) == ["a", "b", "x"]
