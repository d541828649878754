from django.urls import reverse

from icis.core.search import SearchSource

from .models import Page


def about_pages() -> list[Page]:
    """The published About pages in menu order, without their bodies (the menu needs titles)."""
    return list(Page.objects.published().only("title", "slug", "summary", "ordering"))


def page_get_published(*, slug: str) -> Page | None:
    return Page.objects.published().filter(slug=slug).first()


def pages_search_source() -> SearchSource:
    """Published pages. Titles weigh most, then summaries, then bodies (the stored document)."""
    return SearchSource(
        kind="Page",
        rows=Page.objects.published(),
        order_after_rank=("ordering", "title"),
        title="title",
        link="slug",
        snippet_fields=("summary", "body"),
        url=lambda pk, slug: reverse("site:page", kwargs={"slug": slug}),
    )


def pages_for_sitemap() -> list[Page]:
    """The published pages in menu order (the first is the About page itself): one query."""
    return list(Page.objects.published().only("slug", "ordering", "title", "updated_at"))
