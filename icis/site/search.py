"""Site search: PostgreSQL full-text search over every app's public content.

icis/site reads every app's selectors; no domain app imports another for search. Each app has a
search selector for its own content, `<name>_search(*, query, limit) -> list[SearchResult]`,
built with the helpers below, and `SOURCES` lists them. Adding a source (award programs, say)
is one selector in its app and one line in `SOURCES`. The selectors import this module inside
their bodies, so importing them here is no circular import.

Snippets come from ts_headline over text that may hold user-written HTML and Markdown. The
headline marks matches with control characters that cannot occur in it (they are removed from
the text first), and `SearchResult.snippet` escapes everything before turning the markers into
<mark> elements: nothing from the content reaches the page unescaped.
"""

import operator
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchVector
from django.core.paginator import Page, Paginator
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import NullIf
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings.selectors import meetings_search, sessions_search
from news.selectors import posts_search

from .selectors import pages_search

SOURCES = (pages_search, posts_search, meetings_search, sessions_search)

CONFIG = "english"
MAX_QUERY_LENGTH = 200
RESULTS_PER_SOURCE = 50
RESULTS_PER_PAGE = 10

_START, _STOP = "\x02", "\x03"
# Any other control character (NUL above all: PostgreSQL refuses it) becomes a space.
_CONTROL = {code: " " for code in range(32) if chr(code) not in "\t\n\r"}


@dataclass(frozen=True)
class SearchResult:
    kind: str
    title: str
    url: str
    headline: str
    rank: float

    @property
    def snippet(self) -> SafeString:
        """The headline as HTML: everything escaped, then the matches wrapped in <mark>."""
        html = escape(self.headline).replace(_START, "<mark>").replace(_STOP, "</mark>")
        return mark_safe(html)


@dataclass(frozen=True)
class SearchResults:
    query: str
    page: Page | None

    @property
    def count(self) -> int:
        return self.page.paginator.count if self.page else 0


def search_vector(*weighted_fields: tuple[str, str]) -> SearchVector:
    """One document from ("field", "weight") pairs: A for titles, B for summaries, C for bodies."""
    return reduce(
        operator.add,
        (SearchVector(field, weight=weight, config=CONFIG) for field, weight in weighted_fields),
    )


def search_headline(*fields: str, query: SearchQuery) -> SearchHeadline:
    """The fragment of the fields' text that best matches, its matches between the markers
    `SearchResult.snippet` turns into <mark>."""
    return SearchHeadline(
        _plain_text(*fields),
        query,
        config=CONFIG,
        start_sel=_START,
        stop_sel=_STOP,
        max_words=20,
        min_words=10,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def _plain_text(*fields: str) -> Func:
    """The fields joined by " · " (empty ones left out), without HTML tags, Markdown marks
    (links keep their text) or the highlight markers."""
    text = Func(
        Value(" · "),
        *(NullIf(F(field), Value("")) for field in fields),
        function="CONCAT_WS",
        output_field=TextField(),
    )
    for pattern, replacement in (
        (r"<[^>]*>", " "),
        (r"!?\[([^]]*)\]\([^)]*\)", r"\1"),
        (f"[*_`#~{_START}{_STOP}]+", ""),
    ):
        text = Func(
            text,
            Value(pattern),
            Value(replacement),
            Value("g"),
            function="REGEXP_REPLACE",
            output_field=TextField(),
        )
    return text


def query_clean(q: str) -> str:
    """What is searched for: control characters out, spaces collapsed, at most 200 characters."""
    return " ".join(q.translate(_CONTROL).split())[:MAX_QUERY_LENGTH].strip()


def site_search(*, q: str, page_number=1) -> SearchResults:
    """Every source's best matches, best first, a page at a time: one query per source,
    none for an empty query."""
    query_text = query_clean(q or "")
    if not query_text:
        return SearchResults(query="", page=None)
    query = SearchQuery(query_text, search_type="websearch", config=CONFIG)
    results: list[SearchResult] = []
    for source in SOURCES:
        results.extend(source(query=query, limit=RESULTS_PER_SOURCE))
    # Stable: equal ranks keep the order of SOURCES.
    results.sort(key=lambda result: result.rank, reverse=True)
    return SearchResults(
        query=query_text, page=Paginator(results, RESULTS_PER_PAGE).get_page(page_number)
    )
