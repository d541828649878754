"""Markdown written by staff and members, rendered to HTML that is safe to show."""

import hashlib
import threading
from collections import OrderedDict

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

_ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align", "scope"},
}


def markdown_to_html(text: str) -> SafeString:
    """Markdown to sanitised HTML: no script, no style, no inline event handlers, safe links.
    The same text is converted once per process (a page shows the same texts on every view)."""
    text = text or ""
    key = hashlib.blake2b(text.encode(), digest_size=16).digest()
    with _lock:
        html = _converted.get(key)
        if html is not None:
            _converted.move_to_end(key)
    if html is None:
        html = _sanitised_html(text)
        with _lock:
            _converted[key] = html
            if len(_converted) > _CONVERTED_MAX:
                _converted.popitem(last=False)
    return mark_safe(html)  # nosec B308 B703: nh3 cleaned it


# The HTML of the texts converted last, by a digest of the text (not the text itself, to keep
# a worker small): bounded, least recently shown dropped first; an edited text is a new key.
_CONVERTED_MAX = 1024
_converted: OrderedDict[bytes, str] = OrderedDict()
_lock = threading.Lock()


def _sanitised_html(text: str) -> str:
    html = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return cleaned
