from reportarchive import metadata


def test_parse_overrides():
    entries, problems = metadata.parse("a.txt:\n  language: FR\n  title: Un titre\n  date: 2024-09-16\n")
    assert problems == []
    assert entries["a.txt"] == metadata.SeedMetadata(language="fr", title="Un titre", date="2024-09-16")


def test_every_problem_names_its_line():
    text = "a.txt:\n  langage: fr\n  date: 16/09/2024\nb.txt:\n  language: french\n"
    entries, problems = metadata.parse(text)
    assert [str(p) for p in problems] == [
        "metadata.yml:2: warning: 'a.txt': unknown field 'langage' (known: language, title, date)",
        "metadata.yml:3: warning: 'a.txt': date '16/09/2024' is not YYYY-MM-DD",
        "metadata.yml:5: warning: 'b.txt': language 'french' is not an ISO 639-1 code such as 'fr'",
    ]


def test_broken_yaml_is_one_line():
    entries, problems = metadata.parse("a.txt: [unclosed\n")
    assert entries == {}
    assert len(problems) == 1 and problems[0].line and problems[0].severity == "error"


def test_unknown_seed_names_are_reported():
    problems = metadata.unknown_names({"gone.txt": metadata.SeedMetadata(title="x")}, {"a.txt"})
    assert [str(p) for p in problems] == ["metadata.yml: warning: 'gone.txt' names no seed in the seeds folder"]
