import pytest

from reportarchive import grouping
from reportarchive.records import CleanedSeed, Translation

ARTICLE = "https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bao-dam-tien-do-chat-luong-du-an-834487"


@pytest.mark.parametrize(
    "variant",
    [
        ARTICLE,
        ARTICLE.replace("https://www.qdnd.vn", "http://QDND.VN"),
        ARTICLE + "/",
        ARTICLE + "?utm_source=facebook&utm_medium=social&fbclid=abc",
        ARTICLE + "#comments",
        ARTICLE.replace("qdnd.vn", "qdnd.vn:443"),
    ],
)
def test_normalized_url_ignores_what_does_not_name_the_article(variant):
    assert grouping.normalize_url(variant) == grouping.normalize_url(ARTICLE)


def test_normalized_url_keeps_meaningful_query():
    a = grouping.normalize_url("https://mod.gov.vn/home/detail?urile=wcm:path:/a/report-one")
    b = grouping.normalize_url("https://mod.gov.vn/home/detail?urile=wcm:path:/a/report-two")
    assert a != b


def test_slug_is_readable_stable_and_distinct():
    slug = grouping.slug_for_source(grouping.normalize_url(ARTICLE))
    assert slug.startswith("bao-dam-tien-do-chat-luong-du-an-")
    assert slug == grouping.slug_for_source(grouping.normalize_url(ARTICLE + "/"))
    other = grouping.slug_for_source(grouping.normalize_url(ARTICLE.replace("834487", "834488")))
    assert other != slug
    assert len(slug) <= grouping.SLUG_WORDS_CHARS + 7


def test_slug_from_query_when_the_path_says_nothing():
    url = "https://mod.gov.vn/home/detail?current=true&urile=wcm:path:/mod/sa-tt-qpan/hoi-nghi-rut-kinh-nghiem"
    assert grouping.slug_for_source(grouping.normalize_url(url)).startswith("hoi-nghi-rut-kinh-nghiem-")


def _translation(src_uri, language, url):
    return Translation(src_uri, language, 1.0, "detected", CleanedSeed(src_uri, (), url, 9 if url else None))


def test_group_by_source_and_language():
    translations = [
        _translation("a.txt", "fr", ARTICLE),
        _translation("b.txt", "de", ARTICLE + "/"),
        _translation("c.txt", "fr", "https://example.org/other-report-here"),
        _translation("d.txt", "fr", None),
        _translation(
            "e.txt", "de", "http://qdnd.vn/quoc-phong-an-ninh/tin-tuc/bao-dam-tien-do-chat-luong-du-an-834487"
        ),
    ]
    reports, problems = grouping.group(translations)
    assert sorted(r.languages for r in reports) == [("de", "fr"), ("fr",), ("fr",)]
    assert [str(p) for p in problems] == ["e.txt:9: warning: same source and language (de) as b.txt; skipped"]


def test_slug_does_not_depend_on_other_seeds():
    alone, _ = grouping.group([_translation("a.txt", "fr", ARTICLE)])
    crowd, _ = grouping.group(
        [
            _translation("z.txt", "de", ARTICLE + "?utm_campaign=x"),
            _translation("a.txt", "fr", ARTICLE),
            _translation("m.txt", "fr", "https://example.org/x-y-z"),
        ]
    )
    assert alone[0].slug in {r.slug for r in crowd}
