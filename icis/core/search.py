"""Full-text search building blocks each app uses for its own search selector.

Snippets come from ts_headline over text that may hold user-written HTML and Markdown. The
headline marks matches with control characters that cannot occur in it (they are removed from
the text first), and `SearchResult.snippet` escapes everything before turning the markers into
<mark> elements: nothing from the content reaches the page unescaped.
"""

import operator
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db.models import F, Func, QuerySet, TextField, Value
from django.db.models.functions import NullIf
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CONFIG = "english"

_START, _STOP = "\x02", "\x03"


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


def ranked_matches(
    queryset: QuerySet,
    *,
    query: SearchQuery,
    weighted_fields: tuple[tuple[str, str], ...],
    snippet_fields: tuple[str, ...],
    order_after_rank: tuple[str, ...],
    limit: int,
) -> QuerySet:
    """The rows matching `query`, best first, each with `rank` and `headline`, in one query.
    Weights: A for titles, B for summaries, C for bodies."""
    vector = search_vector(*weighted_fields)
    return (
        queryset.alias(document=vector)
        .filter(document=query)
        .annotate(
            rank=SearchRank(vector, query),
            headline=search_headline(*snippet_fields, query=query),
        )
        .order_by("-rank", *order_after_rank)[:limit]
    )


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
