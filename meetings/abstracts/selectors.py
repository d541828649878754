"""Reading abstracts: the call's page, one's own abstracts, the edit page's abstract."""

from django.db.models import Prefetch, Q

from meetings.models import Meeting

from . import markup, review_selectors
from .models import Abstract, AbstractCall, AbstractTopic, Affiliation, Author
from .publishing import published


def call_for_meeting(*, slug: str) -> AbstractCall | None:
    """The public meeting's call with its topics (two queries), or None."""
    return (
        AbstractCall.objects.select_related("meeting")
        .prefetch_related(
            Prefetch("topics", queryset=AbstractTopic.objects.order_by("position", "pk"))
        )
        .filter(meeting__slug=slug)
        .exclude(meeting__status=Meeting.Status.DRAFT)
        .first()
    )


def call_get(*, call_id: int) -> AbstractCall:
    return AbstractCall.objects.select_related("meeting").prefetch_related("topics").get(pk=call_id)


def _listed(queryset):
    return queryset.select_related("call__meeting", "topic").order_by("-created_at", "-pk")


def abstracts_of(*, user) -> list[Abstract]:
    """One's own abstracts, every call, newest first (one query)."""
    return list(_listed(Abstract.objects.filter(submitter=user)))


def abstracts_in_call_of(*, call: AbstractCall, user) -> list[Abstract]:
    if not user.is_authenticated:
        return []
    return list(_listed(Abstract.objects.filter(call=call, submitter=user)))


def abstract_for_submitter(*, abstract_id: int, user, call: AbstractCall) -> Abstract | None:
    """The submitter's own abstract in this call with its authors and affiliations."""
    return (
        Abstract.objects.select_related("call__meeting", "topic")
        .prefetch_related(
            Prefetch("authors", queryset=Author.objects.order_by("position")), "affiliations"
        )
        .filter(pk=abstract_id, submitter=user, call=call)
        .first()
    )


def account_export(*, user) -> dict:
    """What the person submitted, and the abstracts of others that name them as an author:
    three queries, whatever the number."""
    own = list(
        Abstract.objects.filter(submitter=user)
        .select_related("call__meeting", "topic")
        .order_by("pk")
    )
    authors = list(
        Author.objects.filter(Q(abstract__submitter=user) | Q(user=user)).order_by(
            "abstract_id", "position"
        )
    )
    affiliations = list(
        Affiliation.objects.filter(abstract__submitter=user).order_by("abstract_id", "number")
    )
    own_ids = {abstract.pk for abstract in own}

    def authors_of(abstract):
        return [
            {
                "name": author.name,
                "email": author.email,
                "affiliations": author.affiliation_numbers,
                "presenting": author.is_presenting,
            }
            for author in authors
            if author.abstract_id == abstract.pk
        ]

    return {
        "abstracts": [
            {
                "number": abstract.number,
                "meeting": abstract.call.meeting.name,
                "status": abstract.status,
                "title": abstract.title,
                "topic": str(abstract.topic or ""),
                "preference": abstract.preference,
                "body": abstract.body,
                "keywords": abstract.keywords,
                "conflicts": abstract.conflicts,
                "publication_consent": abstract.publication_consent,
                "submitted_at": (
                    abstract.submitted_at.isoformat() if abstract.submitted_at else None
                ),
                "authors": authors_of(abstract),
                "affiliations": [
                    affiliation.name
                    for affiliation in affiliations
                    if affiliation.abstract_id == abstract.pk
                ],
            }
            for abstract in own
        ],
        "named_as_author": [
            {"abstract": f"A-{author.abstract_id:04d}", "name": author.name, "email": author.email}
            for author in authors
            if author.abstract_id not in own_ids
        ],
    }


# --- For travel awards (awards reads these through the import contracts) --------------------


def _qualifying(*, meeting_id: int, accepted_only: bool):
    """Abstracts of the meeting's call that count for an award: submitted and, where the award
    asks for an accepted abstract, accepted and published (the decision released)."""
    abstracts = (
        published() if accepted_only else Abstract.objects.filter(status=Abstract.Status.SUBMITTED)
    )
    return abstracts.filter(call__meeting_id=meeting_id)


def abstracts_for_award(*, user, meeting_id: int, accepted_only: bool) -> list[Abstract]:
    """The person's abstracts (submitted by them, or naming them as presenting author) that an
    award tied to the meeting may be for. One query."""
    return list(
        _qualifying(meeting_id=meeting_id, accepted_only=accepted_only)
        .filter(Q(submitter=user) | Q(authors__user=user, authors__is_presenting=True))
        .distinct()
        .order_by("pk")
    )


def abstract_qualifies_for_award(
    *, abstract_id: int | None, user, meeting_id: int, accepted_only: bool
) -> bool:
    return abstract_id is not None and any(
        abstract.pk == abstract_id
        for abstract in abstracts_for_award(
            user=user, meeting_id=meeting_id, accepted_only=accepted_only
        )
    )


def abstract_plain_text(*, abstract: Abstract) -> str:
    """The body without its markup, for an application's summary."""
    return markup.plain(abstract.body)


def abstracts_with_presenters(*, meeting_id: int, accepted_only: bool) -> list[tuple]:
    """(abstract, presenting author's account) for every qualifying abstract whose presenting
    author has an account: who a travel award may enter automatically. Two queries."""
    presenting = Author.objects.filter(is_presenting=True, user__isnull=False).select_related(
        "user"
    )
    abstracts = (
        _qualifying(meeting_id=meeting_id, accepted_only=accepted_only)
        .prefetch_related(Prefetch("authors", queryset=presenting, to_attr="presenters"))
        .order_by("pk")
    )
    return [
        (abstract, abstract.presenters[0].user) for abstract in abstracts if abstract.presenters
    ]


def abstract_scores(*, abstract_ids) -> dict:
    """For a travel award's judges: each abstract's review score (`.mean`, `.reviews`) by the
    review engine, keyed by abstract. 1 query."""
    return review_selectors.scores_of(abstract_ids=abstract_ids)
