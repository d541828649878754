"""News reads, each page in a fixed number of queries."""

from django.core.paginator import Page, Paginator

from .models import Post


def posts_page(*, category: str = "", page_number=1, per_page: int = 10) -> Page:
    posts = Post.objects.visible().select_related("meeting").defer("body")
    if category in Post.Category.values:
        posts = posts.filter(category=category)
    return Paginator(posts, per_page).get_page(page_number)


def post_get(*, slug: str) -> Post | None:
    return Post.objects.visible().select_related("meeting", "author").filter(slug=slug).first()


def posts_latest(*, count: int = 3) -> list[Post]:
    return list(Post.objects.visible().defer("body")[:count])


def post_featured() -> Post | None:
    return Post.objects.visible().filter(is_featured=True).defer("body").first()


def posts_for_meeting(*, meeting) -> list[Post]:
    return list(Post.objects.visible().filter(meeting=meeting).defer("body")[:10])


def posts_for_feed(*, count: int = 20) -> list[Post]:
    return list(Post.objects.visible().select_related("author")[:count])


def posts_search(*, query, limit: int = 50) -> list:
    """Visible posts matching a SearchQuery, best first, as site search's SearchResults.
    Titles weigh most, then summaries, then bodies."""
    from django.contrib.postgres.search import SearchRank

    from icis.site.search import SearchResult, search_headline, search_vector

    vector = search_vector(("title", "A"), ("summary", "B"), ("body", "C"))
    posts = (
        Post.objects.visible()
        .alias(document=vector)
        .filter(document=query)
        .annotate(
            rank=SearchRank(vector, query),
            headline=search_headline("summary", "body", query=query),
        )
        .only("title", "slug")
        .order_by("-rank", "-publish_at", "-pk")[:limit]
    )
    return [
        SearchResult(
            kind="News",
            title=post.title,
            url=post.get_absolute_url(),
            headline=post.headline,
            rank=post.rank,
        )
        for post in posts
    ]
