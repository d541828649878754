"""Reads for reviewing and deciding abstracts: a reviewer's list and page, the per-topic
ranking staff decide from (with whether each presenting author is registered), the panel's
load. Each runs a fixed number of queries at any size."""

from django.db.models import Exists, OuterRef, Q, Subquery

from icis.review import selectors as engine
from icis.review.services import decisions_pending
from meetings.models import Registration, Session

from .models import Abstract, AbstractCall, Author
from .models_review import AbstractReview
from .reviewing import ACCEPTED, abstract_reviews


def with_presenter(abstracts):
    """Each abstract with its presenting author's name (`presenter_name`) and whether they
    hold a confirmed registration for the meeting (`presenter_registered`), by account or by
    email address."""
    presenting = Author.objects.filter(abstract=OuterRef("pk"), is_presenting=True)
    registered = Registration.objects.filter(
        meeting_id=OuterRef("call__meeting_id"), status=Registration.Status.CONFIRMED
    ).filter(
        Q(user_id=OuterRef("presenter_user_id"))
        | Q(user__email__iexact=OuterRef("presenter_email"))
    )
    return abstracts.annotate(
        presenter_name=Subquery(presenting.values("name")[:1]),
        presenter_user_id=Subquery(presenting.values("user_id")[:1]),
        presenter_email=Subquery(presenting.values("email")[:1]),
    ).annotate(presenter_registered=Exists(registered))


def unregistered_presenters(abstracts):
    """Of `abstracts`, the accepted, released, still submitted ones whose presenting author
    is not registered for the meeting."""
    return with_presenter(
        abstracts.filter(
            status=Abstract.Status.SUBMITTED,
            decision__in=ACCEPTED,
            decision_released_at__isnull=False,
        )
    ).filter(presenter_registered=False)


def reviews_of(*, user) -> list[AbstractReview]:
    """The reviewer's abstract assignments (not those they are in conflict with), the ones to
    do first. 1 query at any size."""
    return list(
        engine.unconflicted(
            abstract_reviews,
            AbstractReview.objects.filter(
                reviewer=user, abstract__status=Abstract.Status.SUBMITTED
            ),
        )
        .select_related("abstract__call__meeting", "abstract__topic")
        .order_by("submitted_at", "abstract__call_id", "abstract_id")
    )


def review_for(*, review_id: int, user) -> AbstractReview | None:
    """The reviewer's own assignment with its abstract, authors and affiliations (the page
    hides the last two when the call is blind), unless they declared a conflict."""
    return engine.review_for(
        kind=abstract_reviews,
        review_id=review_id,
        user=user,
        select_related=("abstract__call__meeting", "abstract__topic"),
        prefetch_related=("abstract__authors", "abstract__affiliations", "scores"),
    )


def peer_reviews(*, review: AbstractReview) -> list[AbstractReview]:
    return engine.peer_reviews(kind=abstract_reviews, review=review)


def scores_of(*, abstract_ids) -> dict:
    """Each abstract's review score (mean, median, reviews submitted) by the engine's ranking,
    keyed by abstract: 1 query."""
    rows = engine.ranking(kind=abstract_reviews, items=Abstract.objects.filter(pk__in=abstract_ids))
    return {row.item.pk: row for row in rows}


def ranking_by_topic(*, call: AbstractCall) -> list:
    """The submitted abstracts ranked within each topic: [(topic or None, rows)], each row
    with mean, median, spread and deviation, its presenting author and whether they are
    registered. 1 query at any size."""
    items = with_presenter(
        abstract_reviews.items_under_review(call).select_related("topic", "oral_session")
    )
    groups = engine.ranking(kind=abstract_reviews, items=items, group_by="topic_id")
    return [(rows[0].item.topic, rows) for _, rows in groups]


def panel_load(*, call: AbstractCall) -> list:
    return engine.panel_load(kind=abstract_reviews, round=call)


def assignment_counts(*, call: AbstractCall):
    return engine.assignment_counts(kind=abstract_reviews, round=call)


def decision_counts(*, call: AbstractCall):
    return engine.decision_counts(kind=abstract_reviews, round=call)


def pending(*, call: AbstractCall):
    """The call's recorded decisions not yet sent."""
    return decisions_pending(kind=abstract_reviews, round=call)


def pending_count(*, call: AbstractCall) -> int:
    return pending(call=call).count()


def sessions_for(*, call: AbstractCall) -> list[Session]:
    """The meeting's program sessions an oral abstract can go into."""
    return list(
        Session.objects.filter(day__meeting_id=call.meeting_id)
        .select_related("day")
        .order_by("day__date", "start_time", "pk")
    )
