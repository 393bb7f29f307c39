"""Small helpers to read built HTML in tests."""

import re
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self, inside: str):
        super().__init__(convert_charrefs=True)
        self.inside, self.depth, self.parts = inside, 0, []
        self.links: list[dict] = []
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag in ("a", "link"):
            self.links.append({"tag": tag, **attrs})
        if self.depth or tag == self.inside:
            self.depth += 1 if tag not in ("br", "img", "meta", "link", "input", "hr") else 0

    def handle_endtag(self, tag):
        if self.depth and tag not in ("br", "img", "meta", "link", "input", "hr"):
            self.depth -= 1
            self.parts.append(" ")

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def parse(html: str, inside: str = "article") -> _Collector:
    collector = _Collector(inside)
    collector.feed(html)
    return collector


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def article_text(html: str) -> str:
    return squash("".join(parse(html).parts))
