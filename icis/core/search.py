"""Full-text search over every app's public content, on documents stored in the database.

Each searchable table has a `search_document` column: a weighted tsvector PostgreSQL keeps up
to date itself (a generated column, or triggers where the document reads another table), with a
GIN index. Each app describes its content as a `SearchSource`; `CompiledSearch` turns the
sources into one SQL statement, once, and each search then binds only the words and the page.

Snippets come from ts_headline over text that may hold user-written HTML and Markdown. The
headline marks matches with control characters that cannot occur in it (they are removed from
the text first), and `SearchResult.snippet` escapes everything before turning the markers into
<mark> elements: nothing from the content reaches the page unescaped.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Expression, F, Func, QuerySet, TextField, Value, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import NullIf, RowNumber
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


# --- One statement for every source -------------------------------------------------------------

DOCUMENT_COLUMN = "search_document"
# The matches of every source (`hits`), numbered in their final order, the page asked for
# (a number bound as a parameter; past the end the last page, below 1 the last page too),
# and the rows of that page joined to their details, whose ts_headline runs for them only.
_STATEMENT = """
    WITH hits AS ({hits}),
    numbered AS (
        SELECT source, id, rank,
               row_number() OVER (ORDER BY rank DESC, source, position) AS n,
               count(*) OVER () AS total,
               greatest(1, ceil(count(*) OVER () / {per_page}.0))::integer AS last_page
        FROM hits
    ),
    asked AS (SELECT %s::integer AS page),
    chosen AS (
        SELECT numbered.*,
               CASE WHEN asked.page BETWEEN 1 AND last_page THEN asked.page ELSE last_page END
                 AS page
        FROM numbered, asked
    ),
    shown AS (
        SELECT * FROM chosen
        WHERE n > {per_page} * (page - 1) AND n <= {per_page} * page
    )
    SELECT shown.n, shown.total, shown.source, shown.id, shown.rank,
           details.title, details.link, details.headline
    FROM shown
    JOIN ({shown}) AS details ON details.source = shown.source AND details.id = shown.id
    ORDER BY shown.n
"""
# Stands for the words while the statement is compiled; `query_clean` removes control
# characters, so no search can be this text.
_WORDS = "\x00words\x00"


@dataclass(frozen=True)
class SearchSource:
    """One kind of public content. `rows` are the rows anyone may find (the app's own
    visibility rules) and carry the stored `search_document`; the best first, ties broken by
    `order_after_rank`. For the rows shown, `details` (by default the model's rows) gives the
    `title`, the `link` the address is built from, and the `snippet_fields`."""

    kind: str
    rows: QuerySet
    order_after_rank: tuple[str, ...]
    title: str
    link: str
    snippet_fields: tuple[str, ...]
    url: Callable[[int, str], str]  # (primary key, link) -> the result's address
    details: QuerySet | None = None
    clean_title: Callable[[str], str] = str


@dataclass(frozen=True)
class SearchPage:
    total: int  # every match counted, at most `per_source` of each source
    page_start: int  # how many matches come before the first result shown
    results: list[SearchResult]


class CompiledSearch:
    """Every source's best matches (at most `per_source` each), ranked together, one page of
    them with their snippets, and the number of matches: one query, compiled once.

    Matching and ranking read the stored documents only (the GIN index finds the rows);
    ts_headline runs for the page's rows only. Equal ranks keep the order of the sources, then
    each source's own order. A page number past the end (or below 1) gives the last page, one
    that is not a number the first, as Django's `Paginator.get_page` does."""

    def __init__(self, sources: tuple[SearchSource, ...], *, per_source: int, per_page: int):
        self.sources = sources
        self.per_page = per_page
        query = SearchQuery(_WORDS, search_type="websearch", config=CONFIG)
        hits, hit_params = _union(
            _matches(number, source, query, per_source) for number, source in enumerate(sources)
        )
        shown, shown_params = _union(
            _details(number, source, query) for number, source in enumerate(sources)
        )
        # Only compiled querysets and whole numbers go into the text; the words are bound.
        self.sql = _STATEMENT.format(hits=hits, shown=shown, per_page=int(per_page))
        self.params = (*hit_params, None, *shown_params)
        self._words_at = [i for i, param in enumerate(self.params) if param == _WORDS]
        self._page_at = len(hit_params)

    def run(self, *, words: str, page_number) -> SearchPage:
        params = list(self.params)
        for index in self._words_at:
            params[index] = words
        params[self._page_at] = _asked_page(page_number)
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if not rows:
            return SearchPage(total=0, page_start=0, results=[])
        results = []
        for _n, _total, number, pk, rank, title, link, headline in rows:
            source = self.sources[number]
            results.append(
                SearchResult(
                    source.kind, source.clean_title(title), source.url(pk, link), headline, rank
                )
            )
        return SearchPage(total=rows[0][1], page_start=rows[0][0] - 1, results=results)


def _asked_page(page_number) -> int:
    """The page asked for as the statement takes it: 1 for anything not a whole number, 0
    (meaning the last page) for one below 1, and never more than a number the database holds."""
    try:
        if isinstance(page_number, float) and not page_number.is_integer():
            raise ValueError
        number = int(page_number)
    except (TypeError, ValueError):
        return 1
    return max(0, min(number, 1_000_000))


class StoredDocument(Expression):
    """The row's stored, weighted tsvector (A titles, B summaries, C bodies): the
    `search_document` column each searchable table's migration adds, which Django does not
    load with the rows."""

    output_field = SearchVectorField()

    def __init__(self, model):
        super().__init__()
        self.table = model._meta.db_table

    def as_sql(self, compiler, connection):
        return f"{connection.ops.quote_name(self.table)}.{DOCUMENT_COLUMN}", []


_HITS = (
    "SELECT search_source AS source, search_id AS id, search_rank AS rank,"
    " search_position AS position FROM ({sql}) AS hits_{number}"
)
_DETAILS = (
    "SELECT search_source AS source, search_id AS id, search_title AS title, search_link AS link,"
    " search_headline AS headline FROM ({sql}) AS details_{number}"
)
_SHOWN_IDS = "SELECT id FROM shown WHERE source = {number}"


def _matches(number: int, source: SearchSource, query, limit: int) -> tuple[str, tuple]:
    document = StoredDocument(source.rows.model)
    rank = SearchRank(document, query)
    order = (rank.desc(), *(_ordering(field) for field in source.order_after_rank))
    queryset = (
        source.rows.alias(document=document)
        .filter(document=query)
        .annotate(
            search_source=Value(number),
            search_id=F("pk"),
            search_rank=rank,
            search_position=Window(RowNumber(), order_by=order),
        )
        .order_by(*order)
        .values("search_source", "search_id", "search_rank", "search_position")[:limit]
    )
    sql, params = queryset.query.sql_with_params()
    return (
        _HITS.format(sql=sql, number=int(number)),
        params,
    )


def _details(number: int, source: SearchSource, query) -> tuple[str, tuple]:
    details = source.details if source.details is not None else source.rows.model.objects.all()
    queryset = (
        details.filter(pk__in=RawSQL(_SHOWN_IDS.format(number=int(number)), []))  # noqa: S611  # nosec
        .annotate(
            search_source=Value(number),
            search_id=F("pk"),
            search_title=F(source.title),
            search_link=F(source.link),
            search_headline=search_headline(*source.snippet_fields, query=query),
        )
        .order_by()
        .values("search_source", "search_id", "search_title", "search_link", "search_headline")
    )
    sql, params = queryset.query.sql_with_params()
    return (
        _DETAILS.format(sql=sql, number=int(number)),
        params,
    )


def _union(parts) -> tuple[str, tuple]:
    sqls, params = [], []
    for sql, part_params in parts:
        sqls.append(f"({sql})")
        params.extend(part_params)
    return " UNION ALL ".join(sqls), tuple(params)


def _ordering(field: str):
    return F(field[1:]).desc() if field.startswith("-") else F(field).asc()
