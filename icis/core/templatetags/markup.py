import re

from django import template

from icis.core.markup import markdown_to_html

register = template.Library()

# A web address written on its own, not already inside a Markdown link, an autolink or code.
_BARE_URL = re.compile(r"(?<![<(\[\"'=`/\w])https?://[^\s<>\"'`\]()]+")
_TRAILING_PUNCTUATION = ".,;:!?"


def _autolinked(text: str) -> str:
    def link(match: re.Match) -> str:
        url = match.group(0)
        trailing = ""
        while url and url[-1] in _TRAILING_PUNCTUATION:
            url, trailing = url[:-1], url[-1] + trailing
        return f"<{url}>{trailing}"

    return _BARE_URL.sub(link, text or "")


@register.filter(name="markdown")
def markdown_filter(text: str):
    return markdown_to_html(text)


@register.filter(name="markdown_with_links")
def markdown_with_links_filter(text: str):
    """Markdown where a bare web address (a stream, a meeting room) becomes a link, as people
    type them into such fields."""
    return markdown_to_html(_autolinked(text))
