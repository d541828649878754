"""What a page tells machines, read from its HTML: meta tags, link rels, JSON-LD data blocks and
the datetime attributes of <time> elements."""

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class PageParts:
    meta: dict[str, list[str]] = field(default_factory=dict)  # property or name → contents
    links: dict[str, list[str]] = field(default_factory=dict)  # rel → hrefs
    json_ld_texts: list[str] = field(default_factory=list)
    datetimes: list[str] = field(default_factory=list)
    title: str = ""

    def one_meta(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    @property
    def json_ld(self) -> list[dict]:
        return [json.loads(text) for text in self.json_ld_texts]


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = PageParts()
        self._in_json_ld = False
        self._in_title = False
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name")
            if key:
                self.parts.meta.setdefault(key, []).append(attributes.get("content") or "")
        elif tag == "link" and attributes.get("rel"):
            self.parts.links.setdefault(attributes["rel"], []).append(attributes.get("href"))
        elif tag == "script" and attributes.get("type") == "application/ld+json":
            self._in_json_ld, self._buffer = True, []
        elif tag == "title":
            self._in_title, self._buffer = True, []
        if "datetime" in attributes:
            self.parts.datetimes.append(attributes["datetime"])

    def handle_data(self, data):
        if self._in_json_ld or self._in_title:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_json_ld:
            self.parts.json_ld_texts.append("".join(self._buffer))
            self._in_json_ld = False
        elif tag == "title" and self._in_title:
            self.parts.title = "".join(self._buffer).strip()
            self._in_title = False


def page_parts(html: str) -> PageParts:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.parts
