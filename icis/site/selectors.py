from icis.core.search import SearchResult, ranked_matches

from .models import Page


def about_pages() -> list[Page]:
    """The published About pages in menu order, without their bodies (the menu needs titles)."""
    return list(Page.objects.published().only("title", "slug", "summary", "ordering"))


def page_get_published(*, slug: str) -> Page | None:
    return Page.objects.published().filter(slug=slug).first()


def pages_search(*, query, limit: int = 50) -> list[SearchResult]:
    """Published pages matching a SearchQuery, best first. Titles weigh most, then summaries,
    then bodies."""
    pages = ranked_matches(
        Page.objects.published().only("title", "slug"),
        query=query,
        weighted_fields=(("title", "A"), ("summary", "B"), ("body", "C")),
        snippet_fields=("summary", "body"),
        order_after_rank=("ordering", "title"),
        limit=limit,
    )
    return [
        SearchResult("Page", page.title, page.get_absolute_url(), page.headline, page.rank)
        for page in pages
    ]
