"""Site search: PostgreSQL full-text search over every app's public content.

icis/site reads every app's selectors; no domain app imports another for search. Each app has a
search selector for its own content, `<name>_search(*, query, limit) -> list[SearchResult]`,
and `SOURCES` lists them. Adding a source is one selector in its app, built with
`icis.core.search`, and one line in `SOURCES`.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Page, Paginator

from awards.selectors import award_programs_search
from icis.core.search import CONFIG, SearchResult
from meetings.abstracts.publishing import abstracts_search
from meetings.selectors import meetings_search, sessions_search
from news.selectors import posts_search

from .selectors import pages_search

SOURCES = (
    pages_search,
    posts_search,
    meetings_search,
    sessions_search,
    abstracts_search,
    award_programs_search,
)

MAX_QUERY_LENGTH = 200
RESULTS_PER_SOURCE = 50
RESULTS_PER_PAGE = 10

# Any control character (NUL above all: PostgreSQL refuses it) becomes a space.
_CONTROL = {code: " " for code in range(32) if chr(code) not in "\t\n\r"}


@dataclass(frozen=True)
class SearchResults:
    query: str
    page: Page | None

    @property
    def count(self) -> int:
        return self.page.paginator.count if self.page else 0


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
