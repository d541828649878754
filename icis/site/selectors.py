from .models import Page


def about_pages() -> list[Page]:
    """The published About pages in menu order, without their bodies (the menu needs titles)."""
    return list(Page.objects.published().only("title", "slug", "summary", "ordering"))


def page_get_published(*, slug: str) -> Page | None:
    return Page.objects.published().filter(slug=slug).first()
