"""Hostile strings for the fuzzing tests, and how to send them as a browser would.

Markup carries the tag name `fz-`: a page that shows any of it unescaped has let markup through.
Lone surrogates cannot be encoded as UTF-8; a browser sends them as the bytes of their
surrogate-pass encoding, which the server must treat as invalid text."""

import os
from html.parser import HTMLParser
from urllib.parse import quote_from_bytes

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

PIECES = (
    "\x00",  # NUL: PostgreSQL refuses it in text
    "\ud800",  # lone surrogates
    "\udfff",
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u200b",  # zero-width space
    "\ufeff",  # byte order mark
    "<fz-a>",
    '"><fz-b onmouseover=alert(1)>',
    "<script>fz()</script>",
    "</textarea><fz-c>",
    "javascript:fz()",
    '=HYPERLINK("http://example.org")',  # formula prefixes, for exports
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\t=1",
    "²",  # a digit to str.isdigit(), not to the database
    "١٢٣",  # Arabic-Indic digits
    "'; DROP TABLE x; --",
    "{{ 7|add:7 }}",
    "%s%n",
    "../../etc/passwd",
    "\r\nBcc: x@example.org",
    "😀",
    "1e999999",
    "-1",
    "99999999999999999999999",
)

MARKUP = ("<fz-", "<script>fz()")

hostile = st.one_of(
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=6).map("".join),
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40),
    st.tuples(st.sampled_from(PIECES), st.integers(min_value=300, max_value=5_000)).map(
        lambda piece_times: piece_times[0] * (piece_times[1] // len(piece_times[0]) + 1)
    ),
)

# Examples per form: 12 keeps the whole fuzzing near a minute on a small machine; set
# ICIS_FUZZ_EXAMPLES (say 200) for a longer hunt. Derandomized: every run sends the same values.
FUZZ = settings(
    max_examples=int(os.environ.get("ICIS_FUZZ_EXAMPLES", "12")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def encoded(value: str) -> str:
    return quote_from_bytes(value.encode("utf-8", "surrogatepass"), safe="")


def form_body(data: dict[str, str]) -> str:
    """application/x-www-form-urlencoded, as a browser encodes it."""
    return "&".join(f"{encoded(name)}={encoded(value)}" for name, value in data.items())


def unescaped_markup(response) -> list[str]:
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return []
    body = response.content.decode("utf-8", "replace")
    return [marker for marker in MARKUP if marker in body]


class _Forms(HTMLParser):
    """The forms of a page: action, method, and the names of their fields (and the first
    named submit button, with its value)."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": attrs.get("action") or "",
                    "method": (attrs.get("method") or "get").lower(),
                    "fields": [],
                    "values": {},
                    "button": None,
                }
            )
        elif self.forms and tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            form = self.forms[-1]
            kind = (attrs.get("type") or "").lower()
            if attrs["name"] == "csrfmiddlewaretoken":
                return
            if tag == "button" or kind == "submit":
                form["button"] = form["button"] or (attrs["name"], attrs.get("value") or "")
            elif kind != "file" and attrs["name"] not in form["fields"]:
                form["fields"].append(attrs["name"])
                form["values"][attrs["name"]] = attrs.get("value") or ""


def page_forms(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms
