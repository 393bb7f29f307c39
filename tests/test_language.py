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


def test_many_texts_are_detected_in_a_process_whose_memory_goes_with_it(monkeypatch):
    """A first build's lingua detection loads the detector's models in a
    process of its own: the build's process never holds them (it would to its end)."""
    texts = [
        "Le lieutenant-général a présidé la réunion et prononcé un discours devant les délégués.",
        "Генерал-лейтенант виступив з промовою на конференції в Міністерстві оборони.",
        "Die Delegierten nahmen an der Sitzung teil und berichteten über den Fortschritt.",
    ]
    language._detector.cache_clear()
    monkeypatch.setattr(language, "FAST_SURE", 2.0)  # fastText is never sure: lingua decides all
    monkeypatch.setattr(language, "OWN_PROCESS_FROM", 3)
    apart = language.detect_many(texts)
    assert language._detector.cache_info().currsize == 0  # never loaded here
    assert apart == [language.detect(text) for text in texts] and [d.language for d in apart] == ["fr", "uk", "de"]
    # Fewer texts (a live preview's edits): here, with the detector kept.
    assert language.detect_many(texts[:2]) == apart[:2] and language._detector.cache_info().currsize == 1


NORWEGIAN = (
    "Regjeringen la i dag fram forslaget til statsbudsjett for neste år. Finansministeren sa at økonomien er sterk, "
    "men at det er viktig å holde igjen på pengebruken for å få ned prisveksten. Opposisjonen mener budsjettet gir "
    "for lite til kommunene, og flere ordførere har allerede varslet kutt i skole og eldreomsorg."
)


def test_fasttext_answers_where_sure_and_lingua_decides_the_rest():
    sure = [
        "Le lieutenant-général a présidé la réunion et prononcé un discours devant les délégués de la conférence.",
        "Генерал-лейтенант виступив з промовою на конференції в Міністерстві оборони перед делегатами.",
    ]
    language._detector.cache_clear()
    answers = language.detect_many(sure)
    assert [a.language for a in answers] == ["fr", "uk"] and min(a.confidence for a in answers) >= language.FAST_SURE
    assert language._detector.cache_info().currsize == 0  # lingua was not needed
    # fastText says "no" (Norwegian, a code lingua does not use) and is not
    # sure of it: lingua tells Bokmål from Nynorsk.
    assert language.sure_fast(NORWEGIAN) is None
    assert language.detect_many([*sure, NORWEGIAN])[2].language == "nb"
    assert language.detect(NORWEGIAN) == language._lingua(NORWEGIAN)


def test_a_cached_answer_is_known_by_the_detectors_that_gave_it(monkeypatch):
    """Another detector version or rule asks again (the cache of an older build is not reused as if theirs)."""
    key = language.text_key(NORWEGIAN)
    monkeypatch.setattr(language, "DETECTORS", language.DETECTORS + " (another)")
    assert language.text_key(NORWEGIAN) != key


def test_many_texts_go_to_fasttext_on_every_core_with_the_same_answers(monkeypatch):
    texts = [
        "Le lieutenant-général a présidé la réunion et prononcé un discours devant les délégués de la conférence.",
        NORWEGIAN,
        "Генерал-лейтенант виступив з промовою на конференції в Міністерстві оборони перед делегатами.",
    ]
    here = language.detect_many(texts)
    monkeypatch.setattr(language, "FAST_PARALLEL_MIN", 2)
    assert language.detect_many(texts) == here and [d.language for d in here] == ["fr", "nb", "uk"]


def test_a_build_of_many_texts_never_loads_lingua_here_however_few_it_decides(monkeypatch):
    language._detector.cache_clear()
    monkeypatch.setattr(language, "OWN_PROCESS_FROM", 3)
    sure = "Le lieutenant-général a présidé la réunion et prononcé un discours devant les délégués de la conférence."
    answers = language.detect_many([sure, sure + " Encore.", NORWEGIAN])  # one left to lingua
    assert [a.language for a in answers] == ["fr", "fr", "nb"]
    assert language._detector.cache_info().currsize == 0
