from reportarchive import language


def test_detects_iso_639_1_with_confidence():
    result = language.detect(
        "Le lieutenant-général a présidé la réunion et prononcé un discours directif devant les délégués."
    )
    assert result.language == "fr" and result.confidence > 0.5
    assert (
        language.detect("Генерал-лейтенант виступив з промовою на конференції в Міністерстві оборони.").language == "uk"
    )


def test_cache_is_used_and_extended():
    text = "Die Delegierten nahmen an der Sitzung teil und berichteten über den Fortschritt."
    fake = {language.text_key(text): ["xx", 0.42]}
    results, cache = language.detect_all({"a": text}, fake)
    assert results["a"] == language.Detection("xx", 0.42)
    results, cache = language.detect_all({"b": text + " Mehr."}, {})
    assert results["b"].language == "de" and len(cache) == 1
    # Several texts are detected at once (on every core); results of texts
    # that are gone are not kept.
    texts = {
        "fr": "Le lieutenant-général a présidé la réunion et prononcé un discours devant les délégués.",
        "uk": "Генерал-лейтенант виступив з промовою на конференції в Міністерстві оборони.",
        "de": text,
    }
    results, cache = language.detect_all(texts, {**fake, "gone": ["fr", 1.0]})
    assert {key: d.language for key, d in results.items()} == {"fr": "fr", "uk": "uk", "de": "xx"}
    assert "gone" not in cache and len(cache) == 3


def test_cache_file_roundtrip(tmp_path):
    path = tmp_path / "c" / "languages.json"
    assert language.load_cache(path) == {}
    language.save_cache(path, {"k": ["fr", 1.0]})
    assert language.load_cache(path) == {"k": ["fr", 1.0]}
