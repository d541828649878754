"""News reads, each page in a fixed number of queries."""

from django.core.paginator import Page, Paginator

from icis.core.search import SearchResult, ranked_matches

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


def posts_search(*, query, limit: int = 50) -> list[SearchResult]:
    """Visible posts matching a SearchQuery, best first. Titles weigh most, then summaries,
    then bodies."""
    posts = ranked_matches(
        Post.objects.visible().only("title", "slug"),
        query=query,
        weighted_fields=(("title", "A"), ("summary", "B"), ("body", "C")),
        snippet_fields=("summary", "body"),
        order_after_rank=("-publish_at", "-pk"),
        limit=limit,
    )
    return [
        SearchResult("News", post.title, post.get_absolute_url(), post.headline, post.rank)
        for post in posts
    ]
