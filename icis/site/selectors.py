from .models import Page


def about_pages() -> list[Page]:
    """The published About pages in menu order, without their bodies (the menu needs titles)."""
    return list(Page.objects.published().only("title", "slug", "summary", "ordering"))


def page_get_published(*, slug: str) -> Page | None:
    return Page.objects.published().filter(slug=slug).first()


def pages_search(*, query, limit: int = 50) -> list:
    """Published pages matching a SearchQuery, best first, as site search's SearchResults.
    Titles weigh most, then summaries, then bodies."""
    from django.contrib.postgres.search import SearchRank

    from .search import SearchResult, search_headline, search_vector

    vector = search_vector(("title", "A"), ("summary", "B"), ("body", "C"))
    pages = (
        Page.objects.published()
        .alias(document=vector)
        .filter(document=query)
        .annotate(
            rank=SearchRank(vector, query),
            headline=search_headline("summary", "body", query=query),
        )
        .only("title", "slug")
        .order_by("-rank", "ordering", "title")[:limit]
    )
    return [
        SearchResult(
            kind="Page",
            title=page.title,
            url=page.get_absolute_url(),
            headline=page.headline,
            rank=page.rank,
        )
        for page in pages
    ]
