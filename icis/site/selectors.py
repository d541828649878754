from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from icis.core.search import SearchSource

from .models import LeadershipTerm, Page


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


@dataclass(frozen=True)
class Leadership:
    officers: list[LeadershipTerm]  # serving on `today`, in the order staff set
    council: list[LeadershipTerm]
    past: list[LeadershipTerm]  # ended terms, the latest first


def leadership_on(*, today: date) -> Leadership:
    """The leadership page: who serves today (officers, then council) and every past term.
    One query. A term that has not begun yet is not shown."""
    officers, council, past = [], [], []
    for term in LeadershipTerm.objects.filter(term_start__lte=today).order_by(
        "body", "ordering", "-term_start", "name"
    ):
        if term.term_end is not None and term.term_end < today:
            past.append(term)
        elif term.body == LeadershipTerm.Body.OFFICER:
            officers.append(term)
        else:
            council.append(term)
    past.sort(key=lambda term: (term.term_end, term.term_start), reverse=True)
    return Leadership(officers=officers, council=council, past=past)
