"""Reading built HTML in tests: one parser for every test that looks inside a page."""

import re
from html.parser import HTMLParser

# Elements with no end tag.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """What tests read of an HTML document.

    ``tags``: every start tag as (tag, attributes, inside ``inside``);
    ``links``: every <a> and <link> as its attributes (and "tag");
    ``references``: every address it refers to (href of <a>/<link>, src of
    <script>/<img>/<iframe>); ``ids``: every id and <a name>; ``scripts``:
    (src, inline text); ``title``; ``html_lang``; ``parts``: the text inside
    ``inside``; ``all_parts``: all the text, each tag a space.
    """

    def __init__(self, inside: str = "article"):
        super().__init__(convert_charrefs=True)
        self.inside, self.depth = inside, 0
        self.tags: list[tuple[str, dict, bool]] = []
        self.links: list[dict] = []
        self.references: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[tuple[str | None, str]] = []
        self.title = ""
        self.html_lang: str | None = None
        self.parts: list[str] = []
        self.all_parts: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attrs, self.depth > 0))
        self.all_parts.append(" ")
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "name" in attrs:
            self.ids.add(attrs["name"])
        if tag in ("a", "link"):
            self.links.append({"tag": tag, **attrs})
            if attrs.get("href"):
                self.references.append(attrs["href"])
        if tag in ("script", "img", "iframe") and attrs.get("src"):
            self.references.append(attrs["src"])
        if tag == "script":
            self.scripts.append((attrs.get("src"), ""))
        if (self.depth or tag == self.inside) and tag not in VOID:
            self.depth += 1
        self._open = tag

    def handle_endtag(self, tag):
        self.all_parts.append(" ")
        if self.depth and tag not in VOID:
            self.depth -= 1
            self.parts.append(" ")
        self._open = None

    def handle_data(self, data):
        self.all_parts.append(data)
        if self.depth:
            self.parts.append(data)
        if self._open == "script" and self.scripts:
            src, text = self.scripts[-1]
            self.scripts[-1] = (src, text + data)
        elif self._open == "title":
            self.title += data


def parse(html: str, inside: str = "article") -> Page:
    page = Page(inside)
    page.feed(html)
    page.close()
    return page


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def article_text(html: str) -> str:
    return squash("".join(parse(html).parts))


def all_text(html: str) -> str:
    """Every piece of text of ``html``, entities as their characters, tags as spaces."""
    return squash("".join(parse(html).all_parts))
