import json

from reportarchive import search
from reportarchive.records import Block, CleanedSeed, Report, Translation


def _report(slug, *languages):
    return Report(slug, "https://www.example.org/x-y-z", tuple(
        Translation(f"{code}.txt", code, 1.0, "detected",
                    CleanedSeed(f"{code}.txt", (Block("paragraph", f"Text {code} </script>", 1), Block("caption", "Cap", 2))),
                    title=f"Title {code}")
        for code in languages
    ))


def test_index_script_holds_one_language_only():
    script = search.index_script("fr", [_report("a", "de", "fr"), _report("b", "de")])
    prefix = '(window.archiveSearchData=window.archiveSearchData||{})["fr"]='
    assert script.startswith(prefix)
    data = json.loads(script[len(prefix):].rstrip(";\n"))
    assert data == {"language": "fr", "stemmer": True, "docs": [
        {"u": "reports/a.html", "t": "Title fr", "s": "example.org", "x": "Text fr </script>\nCap"}]}


def test_languages_without_a_stemmer_are_marked():
    data = search.index_script("uk", [_report("a", "uk")])
    assert '"stemmer":false' in data
