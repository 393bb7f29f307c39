import sqlite3

from reportarchive import pipeline
from reportarchive.caching import digests
from reportarchive.caching.memo import Memo


def test_memo_keeps_what_builds_add_and_drops_it_all_when_the_code_changes(tmp_path):
    path = tmp_path / "m.sqlite"
    first = Memo(path, "v1")
    assert first.get("a") is None and first.misses == 1
    first.put("a", 1)
    first.put(("b", 2), [2])  # keys may be tuples of plain values
    first.save()
    second = Memo(path, "v1")
    assert second.get_or_compute("a", lambda: 99) == 1 and second.hits == 1
    second.put("c", 3)
    second.save()  # "b", unused, is kept while the stale do not outnumber the used
    assert [Memo(path, "v1").get(key) for key in ("a", ("b", 2), "c")] == [1, [2], 3]
    third = Memo(path, "v1")
    third.get("a")
    third.save()  # two stale, one used: only "a" is kept
    assert Memo(path, "v1").get(("b", 2)) is None and Memo(path, "v1").get("a") == 1
    assert Memo(path, "v2").get("a") is None
    assert Memo(path, "v1").get("a") is None  # the v2 memo emptied the file


def test_a_memo_holds_no_value_in_memory_and_writes_in_batches(tmp_path, monkeypatch):
    from reportarchive.caching import memo as memo_module

    monkeypatch.setattr(memo_module, "BATCH_BYTES", 10_000)
    path = tmp_path / "m.sqlite"
    memo_ = Memo(path, "v")
    for number in range(100):
        memo_.put(number, "x" * 1000)
    # Written as the build goes (and a build killed now keeps them): only the last batch is held.
    assert memo_._pending_bytes <= 10_000 + 1100
    assert Memo(path, "v").get(50) == "x" * 1000
    memo_.save()
    assert Memo(path, "v").get(99) == "x" * 1000
    assert memo_.get(1) is not memo_.get(1)  # read from the file each time, not kept


def test_a_memo_that_cannot_be_read_is_an_empty_one(tmp_path):
    path = tmp_path / "m.sqlite"
    path.write_bytes(b"\x80\x05 not a database" * 100)
    memo_ = Memo(path, "v")
    assert memo_.get("a") is None
    memo_.put("a", 1)
    memo_.save()
    assert Memo(path, "v").get("a") == 1
    # A value that does not unpickle (other code under the same label) is a miss, not a failure.
    with sqlite3.connect(path) as db:
        db.execute("UPDATE entries SET value = ?", (b"garbage",))
    again = Memo(path, "v")
    assert again.get("a") is None and again.get_or_compute("a", lambda: 2) == 2


def test_digests_tell_inputs_apart():
    assert digests.digest("ab", "c") != digests.digest("a", "bc")
    assert digests.digest_of(("x", 1)) == digests.digest_of(("x", 1)) != digests.digest_of(("x", 2))


def one_report_in_two_languages(tmp_path):
    """A seeds folder with a French and a German seed of one report (one source address)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, text in {
        "a.txt": "Premier paragraphe du rapport en français, assez long pour être reconnu.\n\nSource : https://example.org/a\n",
        "b.txt": "Erster Absatz des Berichts auf Deutsch, lang genug, um erkannt zu werden.\n\nQuelle: https://example.org/a\n",
    }.items():
        (seeds / name).write_text(text)
    return seeds


def test_a_warm_build_reads_cleans_and_renders_nothing_again_and_gives_the_same_result(tmp_path, monkeypatch):
    seeds = one_report_in_two_languages(tmp_path)
    cold = pipeline.Caches.load(tmp_path / ".cache")
    first = pipeline.gather(seeds, cold)
    pipeline.write(first, tmp_path / "docs", cold)
    cold.save()
    written = {p.relative_to(tmp_path / "docs"): p.read_bytes() for p in (tmp_path / "docs").rglob("*.md")}

    def fail(*args, **kwargs):
        raise AssertionError("recomputed")

    monkeypatch.setattr(pipeline, "read_and_clean_one", fail)
    monkeypatch.setattr(pipeline.pages, "report_files", fail)
    warm = pipeline.Caches.load(tmp_path / ".cache")
    second = pipeline.gather(seeds, warm)
    assert (second.reports, second.problems) == (first.reports, first.problems)
    # Records read back from the caches have the digests of the records made anew
    # (what every later cache is keyed by: otherwise the next build recomputes all).
    assert [digests.digest_of(r) for r in second.reports] == [digests.digest_of(r) for r in first.reports]
    # Pages come back by the digest of their content, linked from the store.
    assert [(f.dest_uri, f.digest) for f in second.files] == [(f.dest_uri, f.digest) for f in first.files]
    __import__("shutil").rmtree(tmp_path / "docs")
    pipeline.write(second, tmp_path / "docs", warm)
    assert {p.relative_to(tmp_path / "docs"): p.read_bytes() for p in (tmp_path / "docs").rglob("*.md")} == written
    # An edited seed is read again, and its report's pages rendered again.
    monkeypatch.undo()
    (seeds / "a.txt").write_text(
        "Un tout autre premier paragraphe en français, assez long lui aussi.\n\nSource : https://example.org/a\n"
    )
    again = pipeline.gather(seeds, pipeline.Caches.load(tmp_path / ".cache"))
    # (Rendered pages go to the store as they are made: the records carry their digests.)
    stored = [(tmp_path / ".cache" / "docs" / f.digest).read_text() for f in again.files if f.content is None]
    assert again != first and any("tout autre" in page for page in stored)


def test_a_build_does_not_add_to_a_memo_claimed_meanwhile_by_other_code(tmp_path):
    path = tmp_path / "m.sqlite"
    old_code = Memo(path, "v1")
    old_code.put("a", "old")
    old_code.save()
    assert old_code.get("a") == "old"
    new_code = Memo(path, "v2")  # another build, on edited code, rewrites the file
    new_code.put("b", "new")
    new_code.save()
    old_code.put("c", "old")
    old_code.save()  # must not label "c" with the new code's version
    assert Memo(path, "v1").get("c") == "old"
    assert Memo(path, "v2").get("c") is None


def test_the_caches_are_labelled_with_the_code_and_data_this_process_loaded(tmp_path, monkeypatch):
    from reportarchive import strings

    versions = dict(pipeline.CODE_VERSIONS)

    # The code and strings.json as edited after this process loaded them (a
    # live preview running on) must not label what this process computes:
    # loading the caches reads no source from disk.
    def from_disk(*args, **kwargs):
        raise AssertionError("versions computed again from the files on disk")

    monkeypatch.setattr(pipeline.digests, "code_version", from_disk)
    caches = pipeline.Caches.load(tmp_path / ".cache")
    monkeypatch.undo()
    assert (caches.seeds.version, caches.pages.version, caches.report_outputs.version) == (
        versions[pipeline.SEEDS_MEMO],
        versions[pipeline.PAGES_MEMO],
        versions[pipeline.REPORT_OUTPUTS_MEMO],
    )
    # And what else they depend on is part of the label.
    monkeypatch.setattr(strings, "STRINGS_BYTES", b"{}")
    assert pipeline._code_versions()[pipeline.PAGES_MEMO] != versions[pipeline.PAGES_MEMO]
    monkeypatch.setattr(pipeline.babel, "__version__", "0.0")
    assert pipeline._code_versions()[pipeline.REPORT_OUTPUTS_MEMO] != versions[pipeline.REPORT_OUTPUTS_MEMO]
    monkeypatch.setattr(pipeline.sys, "version", "another Python")
    assert pipeline._code_versions()[pipeline.SEEDS_MEMO] != versions[pipeline.SEEDS_MEMO]


def test_a_generated_file_edited_in_place_is_regenerated_and_never_reused(tmp_path):
    import hashlib
    import os
    import shutil

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(
        "Premier paragraphe du rapport en français, assez long pour être reconnu.\n\nSource : https://example.org/a\n"
    )
    docs = tmp_path / "docs"

    def build():
        caches = pipeline.Caches.load(tmp_path / ".cache")
        pipeline.write(pipeline.gather(seeds, caches), docs, caches)
        caches.save()
        return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*.md")}

    generated = build()
    page = next(p for p in docs.rglob("reports/*.md"))
    # In place, through the hard link to the store, as root or an editor that
    # keeps the inode may write it (mtime moves, the size may not).
    os.chmod(page, 0o644)
    info = page.stat()
    with open(page, "r+b") as handle:
        handle.write(b"EDITED BY HAND")
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))  # as any later clock tick
    assert build() == generated
    for stored in (tmp_path / ".cache" / "docs").iterdir():
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == stored.name, "the store kept an edited file"
    shutil.rmtree(docs)
    assert build() == generated


def test_a_store_that_lost_its_index_is_trusted_again_after_one_build(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(
        "Premier paragraphe du rapport en français, assez long pour être reconnu.\n\nSource : https://example.org/a\n"
    )

    def build():
        caches = pipeline.Caches.load(tmp_path / ".cache")
        written = pipeline.write(pipeline.gather(seeds, caches), tmp_path / "docs", caches)
        caches.save()
        return written

    build()
    (tmp_path / ".cache" / "docs-index.pickle").unlink()  # as after a kill, or a cache from older code
    assert build().written == 0  # nothing trusted: rendered again, found the same in docs/
    rendered = []
    real = pipeline.pages.report_files
    monkeypatch.setattr(pipeline.pages, "report_files", lambda *a: rendered.append(a) or real(*a))
    assert build().written == 0
    assert rendered == [], "the store did not take back what it dropped"


def test_gathered_records_hold_no_text_and_read_it_back_from_the_seeds_memo(tmp_path):
    """A build holds the texts only of what it works on: the records keep a
    seed's blocks in the seeds memo (caching/stored.py), and read them back
    as the very tuple they stand for."""
    import pickle
    import sys

    from reportarchive import cleaners
    from reportarchive.caching.stored import StoredBlocks, forget_recent

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    long_text = " ".join(["Une longue phrase du rapport, répétée pour peser quelques kilo-octets."] * 80)
    texts = {
        "a.txt": f"Premier paragraphe du rapport en français, assez long pour être reconnu.\n\n{long_text}\n\n"
        "Source : https://example.org/a\n",
        "b.txt": "Erster Absatz des Berichts auf Deutsch, lang genug, um erkannt zu werden.\n\nQuelle: https://example.org/a\n",
    }
    for name, text in texts.items():
        (seeds / name).write_text(text)
    caches = pipeline.Caches.load(tmp_path / ".cache")
    gathered = pipeline.gather(seeds, caches)
    for translation in gathered.translations:
        blocks = translation.content.blocks
        assert isinstance(blocks, StoredBlocks), translation.src_uri
        expected = cleaners.clean(translation.src_uri, texts[translation.src_uri]).blocks
        assert len(blocks) == len(expected) and tuple(blocks) == expected and blocks[-1] == expected[-1]
        assert blocks == expected and hash(blocks) == hash(expected)
        assert pickle.loads(pickle.dumps(blocks)) == expected  # sent elsewhere, it carries its text
        assert translation.word_count == sum(pipeline.records.count_words(b.text) for b in expected)
    # What a record holds of its text: a key, whatever the text's length.
    (french,) = [t for t in gathered.translations if t.src_uri == "a.txt"]
    assert sys.getsizeof(french.content.blocks) < 200 < len(long_text)
    # Read back once the build has saved and the texts kept after reading are
    # gone, in this thread and in others (the search's analysis feeds Node from threads).
    caches.save()
    forget_recent()
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(lambda t: tuple(t.content.blocks), gathered.translations)) == [
            cleaners.clean(t.src_uri, texts[t.src_uri]).blocks for t in gathered.translations
        ]
    forget_recent()
    assert tuple(french.content.blocks)[1].text == long_text


def test_what_a_rebuild_finds_cached_is_found_without_reading_a_text(tmp_path, monkeypatch):
    """The cache keys of a report's pages, compare data, exports and search
    terms name its texts by their cleaned seeds' digests (seed, bytes, cleaning
    code): finding them reads no text back from the seeds memo."""
    from dataclasses import replace

    from reportarchive import search
    from reportarchive.caching import stored
    from reportarchive.pages import ReportView

    gathered = pipeline.gather(one_report_in_two_languages(tmp_path), pipeline.Caches.load(tmp_path / ".cache"))
    (report,) = gathered.reports
    stored.forget_recent()

    def no_reading(memo, key):
        raise AssertionError("a text was read back")

    monkeypatch.setattr(stored, "_read", no_reading)
    report_key = digests.digest_of(report)
    view_key = ReportView.of(report, "fr").key()
    terms_keys = [search._key(doc) for doc in search.documents("fr", [report])]
    monkeypatch.undo()
    # The same keys as the report made with its texts in hand; another text, another key.
    in_hand = replace(
        report,
        translations=tuple(
            replace(t, content=replace(t.content, blocks=tuple(t.content.blocks))) for t in report.translations
        ),
    )
    assert digests.digest_of(in_hand) == report_key and ReportView.of(in_hand, "fr").key() == view_key
    assert [search._key(doc) for doc in search.documents("fr", [in_hand])] == terms_keys
    french = in_hand.version("fr")
    other = replace(french, content=replace(french.content, digest=digests.digest(french.content.digest, "other")))
    assert digests.digest_of(replace(in_hand, translations=(other,))) != digests.digest_of(
        replace(in_hand, translations=(french,))
    )
