from reportarchive import metadata


def test_parse_overrides():
    entries, problems = metadata.parse("a.txt:\n  language: FR\n  title: Un titre\n  date: 2024-09-16\n")
    assert problems == []
    assert entries["a.txt"] == metadata.SeedMetadata(language="fr", title="Un titre", date="2024-09-16")


def test_every_problem_names_its_line():
    text = "a.txt:\n  langage: fr\n  date: 16/09/2024\nb.txt:\n  language: french\n  source: example.org/x\n"
    entries, problems = metadata.parse(text)
    assert [str(p) for p in problems] == [
        "metadata.yml:2: warning: 'a.txt': unknown field 'langage' (known: language, title, date, source, byline)",
        "metadata.yml:3: warning: 'a.txt': date '16/09/2024' is not YYYY-MM-DD",
        "metadata.yml:5: warning: 'b.txt': language 'french' is not an ISO 639-1 code such as 'fr'",
        "metadata.yml:6: warning: 'b.txt': source 'example.org/x' is not a URL such as 'https://example.org/report'",
    ]


def test_broken_yaml_is_one_line():
    entries, problems = metadata.parse("a.txt: [unclosed\n")
    assert entries == {}
    assert len(problems) == 1 and problems[0].line and problems[0].severity == "error"


def test_unknown_seed_names_are_reported():
    problems = metadata.unknown_names({"gone.txt": metadata.SeedMetadata(title="x")}, {"a.txt"})
    assert [str(p) for p in problems] == ["metadata.yml: warning: 'gone.txt' names no seed in the seeds folder"]


def test_the_sidecar_gives_a_source_and_byline_the_seed_lacks(tmp_path):
    from reportarchive import pipeline

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = "Le ministère a tenu une conférence sur la transformation numérique à Hanoï. Les délégués ont parlé.\n"
    (seeds / "a.txt").write_text(text, encoding="utf-8")
    (seeds / "b.txt").write_text(text.replace("conférence", "réunion"), encoding="utf-8")
    languages = "a.txt:\n  language: fr\nb.txt:\n  language: fr\n"  # (no language detector to load)
    (seeds / "metadata.yml").write_text(languages, encoding="utf-8")
    plain = pipeline.gather(seeds)
    assert {p.src_uri for p in plain.problems if p.message.startswith("no source line")} == {"a.txt", "b.txt"}
    sidecar = languages.replace(
        "language: fr\nb.txt", "language: fr\n  source: https://example.org/r\n  byline: AN VAN\nb.txt"
    )
    (seeds / "metadata.yml").write_text(sidecar, encoding="utf-8")
    gathered = pipeline.gather(seeds)
    assert {p.src_uri for p in gathered.problems if p.message.startswith("no source line")} == {"b.txt"}
    (translation,) = [t for r in gathered.reports for t in r.translations if t.src_uri == "a.txt"]
    assert (translation.content.source_url, translation.content.byline) == ("https://example.org/r", "AN VAN")
