"""The small markup an abstract's title and body may use, in one place: `^{...}` for
superscript and `_{...}` for subscript (Ca^{2+}, CD4^{+}, t_{1/2}). Nothing else is markup and
no HTML passes: every other character is text, escaped when rendered. Greek letters and symbols
(IFN-\u03b3, IL-1\u03b2, \u2265, \u00b5M) are plain Unicode text and are kept exactly as typed.

The length an abstract is held to is `text_length`: the Unicode code points of its text once
newlines are normalised and the markup's delimiters (`^{`, `_{`, `}`) are left out.
`static/js/abstract-counter.js` mirrors `text_normalise`, `MARKUP` and `text_length` for the
live counter; tests/abstracts/test_markup.py runs both over the same cases.

`html` renders for pages (and, later, the abstract book's PDF); `plain` gives the text an
email copy or an export carries."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A marked run: ^ or _, then braces around text with no brace and no line break. A caret or
# underscore not followed by such a run is plain text.
MARKUP = re.compile(r"([\^_])\{([^{}\n]*)\}")

_TAGS = {"^": "sup", "_": "sub"}


def text_normalise(text: str) -> str:
    """What is stored: Windows and old Mac line ends become \\n; spaces, tabs and blank lines
    at either end go. Nothing else changes (no Unicode normalisation: µ stays µ)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip(" \t\n")


def plain(text: str) -> str:
    """The text with the markup's delimiters taken out: "Ca^{2+}" is "Ca2+"."""
    return MARKUP.sub(lambda match: match.group(2), text_normalise(text))


def text_length(text: str) -> int:
    """The length the call's limit counts (see the module's docstring)."""
    return len(plain(text))


def _inline(text: str) -> str:
    """Escaped text with its marked runs as <sup>/<sub>."""
    parts = []
    position = 0
    for match in MARKUP.finditer(text):
        parts.append(escape(text[position : match.start()]))
        tag = _TAGS[match.group(1)]
        parts.append(f"<{tag}>{escape(match.group(2))}</{tag}>")
        position = match.end()
    parts.append(escape(text[position:]))
    return "".join(parts)


def html_inline(text: str) -> SafeString:
    """A title: one line of escaped text with superscripts and subscripts."""
    return mark_safe(_inline(" ".join(text_normalise(text).split("\n"))))


def html(text: str) -> SafeString:
    """A body: paragraphs at blank lines, line breaks kept, everything else escaped."""
    paragraphs = re.split(r"\n[ \t]*\n+", text_normalise(text))
    rendered = [
        "<p>" + "<br>".join(_inline(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
        if paragraph.strip()
    ]
    return mark_safe("\n".join(rendered))
