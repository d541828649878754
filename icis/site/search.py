"""Site search: PostgreSQL full-text search over every app's public content, one query a search.

icis/site reads every app's selectors; no domain app imports another for search. Each app
describes its searchable content, `<name>_search_source() -> SearchSource`, and `SOURCES` lists
them. Adding a source is a stored document (a migration in its app), one selector and one line
in `SOURCES`.
"""

from dataclasses import dataclass
from functools import cache

from django.core.paginator import Page, Paginator

from awards.selectors import award_programs_search_source
from icis.core.search import CompiledSearch, SearchPage, SearchResult
from meetings.abstracts.publishing import abstracts_search_source
from meetings.selectors import meetings_search_source, sessions_search_source
from news.selectors import posts_search_source

from .selectors import pages_search_source

SOURCES = (
    pages_search_source,
    posts_search_source,
    meetings_search_source,
    sessions_search_source,
    abstracts_search_source,
    award_programs_search_source,
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


class _Matches:
    """All the matches as the paginator sees them: their number, and the one page fetched."""

    def __init__(self, found: SearchPage):
        self.found = found

    def __len__(self) -> int:
        return self.found.total

    def __getitem__(self, window: slice) -> list[SearchResult]:
        # The statement picks the page as `Paginator.get_page` does, so this is the window.
        if window.start != self.found.page_start:
            raise IndexError(f"{window} is not the page fetched")
        return self.found.results


@cache
def compiled_search() -> CompiledSearch:
    """The search statement, compiled on first use and kept for the process's life."""
    return CompiledSearch(
        tuple(source() for source in SOURCES),
        per_source=RESULTS_PER_SOURCE,
        per_page=RESULTS_PER_PAGE,
    )


def site_search(*, q: str, page_number=1) -> SearchResults:
    """Every source's best matches, best first, a page at a time: one query, none for an empty
    query."""
    query_text = query_clean(q or "")
    if not query_text:
        return SearchResults(query="", page=None)
    found = compiled_search().run(words=query_text, page_number=page_number)
    return SearchResults(
        query=query_text,
        page=Paginator(_Matches(found), RESULTS_PER_PAGE).get_page(page_number),
    )
