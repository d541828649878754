"""Abstracts as a kind of reviewed thing: the adapter `icis.review` judges them through (the
call's panel by topic, conflicts, rubric, scores, ranking per topic, decisions held then
released once), and what a release grants: an oral abstract's talk in the program, a poster's
board, the one decision email each."""

from datetime import datetime

from django.conf import settings
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from icis.core.locks import lock_one
from icis.mail.services import email_queue
from icis.review.algorithms import Interest, ItemFacts, ReviewerFacts
from icis.review.kinds import Actions, ReviewKind
from meetings.models import Person, Session, Talk, TalkSpeaker
from members import selectors as member_selectors

from . import markup
from .audit import AbstractAction
from .exceptions import AbstractError
from .models import Abstract, AbstractCall, AbstractTopic, Affiliation, Author
from .models_review import (
    AbstractConflict,
    AbstractCriterion,
    AbstractPanelMember,
    AbstractReview,
    AbstractScore,
)

Decision = Abstract.Decision
ACCEPTED = Abstract.ACCEPTED


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


class AbstractReviews(ReviewKind):
    name = "abstract"
    item_model = Abstract
    round_model = AbstractCall
    panel_model = AbstractPanelMember
    conflict_model = AbstractConflict
    review_model = AbstractReview
    score_model = AbstractScore
    criterion_model = AbstractCriterion
    item_field = "abstract"
    round_field = "call"
    actions = Actions(
        review_assigned=AbstractAction.REVIEW_ASSIGNED,
        reviews_assigned=AbstractAction.REVIEWS_ASSIGNED,
        conflict_declared=AbstractAction.CONFLICT_DECLARED,
        conflict_recorded=AbstractAction.CONFLICT_RECORDED,
        review_submitted=AbstractAction.REVIEW_SUBMITTED,
        decision_recorded=AbstractAction.DECISION_RECORDED,
        decision_released=AbstractAction.DECISION_RELEASED,
        decisions_released=AbstractAction.DECISIONS_RELEASED,
    )
    error = AbstractError
    under_review = {"status": Abstract.Status.SUBMITTED}
    decisions = tuple(Decision.values)
    release_fields = ("board_number", "talk")
    decide_related = ("call__meeting",)
    release_related = ("call__meeting", "submitter", "topic", "oral_session")
    not_under_review = "Only submitted abstracts are reviewed."
    not_decidable = "Only submitted abstracts can be decided."
    no_such_item = "There is no such abstract."
    decision_invalid = "Choose oral, poster, not accepted or waiting list."

    def label(self, item: Abstract) -> str:
        return f"{item.number} {markup.plain(item.title)}"

    def reviews_wanted(self, round: AbstractCall) -> int:
        return round.reviews_per_abstract

    def item_facts(self, items: list[Abstract], *, round: AbstractCall) -> dict[int, ItemFacts]:
        """The submitter, every author (by account or email), the authors' institutions and
        the abstract's topic. 2 queries for any number of abstracts."""
        ids = [item.pk for item in items]
        authors, institutions = {}, {}
        for abstract_id, user_id, email in Author.objects.filter(abstract_id__in=ids).values_list(
            "abstract_id", "user_id", "email"
        ):
            authors.setdefault(abstract_id, []).append(
                Interest("a co-author", user_id=user_id, email=email)
            )
        for abstract_id, name in Affiliation.objects.filter(abstract_id__in=ids).values_list(
            "abstract_id", "name"
        ):
            institutions.setdefault(abstract_id, []).append(name)
        return {
            item.pk: ItemFacts(
                pk=item.pk,
                interests=(
                    Interest("their own abstract", user_id=item.submitter_id),
                    *authors.get(item.pk, ()),
                ),
                institutions=tuple(institutions.get(item.pk, ())),
                topics=frozenset([str(item.topic_id)]) if item.topic_id else frozenset(),
            )
            for item in items
        }

    def reviewer_facts(self, reviewers: list, *, round: AbstractCall) -> list[ReviewerFacts]:
        """Each reviewer's profile institution and the topics they judge on this call's panel
        (none listed: every topic). 2 queries."""
        ids = [reviewer.pk for reviewer in reviewers]
        institutions = member_selectors.institutions_by_user(user_ids=ids)
        topics = {}
        for reviewer_id, topic_id in AbstractPanelMember.topics.through.objects.filter(
            abstractpanelmember__call=round, abstractpanelmember__reviewer_id__in=ids
        ).values_list("abstractpanelmember__reviewer_id", "abstracttopic_id"):
            topics.setdefault(reviewer_id, set()).add(str(topic_id))
        return [
            ReviewerFacts(
                pk=reviewer.pk,
                email=reviewer.email,
                institution=institutions.get(reviewer.pk, ""),
                topics=frozenset(topics[reviewer.pk]) if reviewer.pk in topics else None,
            )
            for reviewer in reviewers
        ]

    def review_closed(self, item: Abstract) -> str:
        if item.status != Abstract.Status.SUBMITTED:
            return "This abstract was withdrawn."
        if item.decision_released_at:
            return "The decision on this abstract has been sent; reviews are closed."
        return ""

    def is_blind(self, item: Abstract) -> bool:
        return item.call.blind_review

    def assignment_email(self, round, reviewer, reviews, *, assigned: int) -> tuple[str, dict]:
        """Naming the abstracts by number and title (never their authors), so a conflict can
        be declared before reading."""
        return "abstracts/email/reviews_assigned", {
            "name": reviewer.get_full_name() or reviewer.email,
            "meeting": round.meeting.name,
            "abstracts": sorted(
                f"{review.abstract.number} {markup.plain(review.abstract.title)}"
                for review in reviews
            ),
            "assigned": assigned,
            "reviews_url": site_url(reverse("awards:reviews")),
        }

    def decision_reopens(self, item: Abstract, decision: str) -> bool:
        """A released decision is final, except that an abstract on the waiting list can still
        be accepted when a slot frees; releasing again sends that news."""
        return item.decision == Decision.WAITLIST and decision in ACCEPTED

    def decision_final(self, item: Abstract) -> str:
        return (
            f"The decision on {item.number} was sent on "
            f"{timezone.localtime(item.decision_released_at):%d %B %Y}; it is final "
            "(only an abstract on the waiting list can still be accepted)."
        )

    def decision_details(self, item: Abstract, *, session_id: int | None = None) -> list[str]:
        """An oral acceptance names the program session of the call's meeting it goes into."""
        if item.decision == Decision.ORAL:
            session = Session.objects.filter(
                pk=session_id or 0, day__meeting_id=item.call.meeting_id
            ).first()
            if session is None:
                raise AbstractError("Choose the program session the talk goes into.")
            item.oral_session = session
        else:
            item.oral_session = None
        return ["oral_session"]

    def decision_release(self, item: Abstract, *, actor, now: datetime) -> str:
        """The talk or the board, then the one decision email (keyed by abstract and
        decision, so however often and by whomever released, it goes once)."""
        note = ""
        if item.decision == Decision.ORAL:
            note = talk_create(item)
        elif item.decision == Decision.POSTER:
            item.board_number = board_assign(item)
        email_queue(
            to=item.submitter.email,
            template="abstracts/email/decision",
            context=decision_email_context(item),
            dedupe_key=f"abstract-decision:{item.pk}:{item.decision}",
            now=now,
        )
        return note


abstract_reviews = AbstractReviews()


def presenting_author(abstract: Abstract) -> Author | None:
    return Author.objects.filter(abstract=abstract, is_presenting=True).first()


def speaker_person(author: Author, *, affiliation: str) -> Person:
    """The program's person for the presenting author: the one with their account, else one
    whose account has their email, else one of the same name; a new one only when none is."""
    match = Q(pk__in=[])
    if author.user_id:
        match |= Q(user_id=author.user_id)
    if author.email:
        match |= Q(user__email__iexact=author.email)
    person = Person.objects.filter(match).order_by("pk").first()
    if person is None:
        person = Person.objects.filter(name__iexact=author.name.strip()).order_by("pk").first()
    if person is None:
        taken = author.user_id and Person.objects.filter(user_id=author.user_id).exists()
        person = Person.objects.create(
            name=author.name.strip(),
            affiliation=affiliation[:300],
            user_id=None if taken else author.user_id,
        )
    return person


def talk_create(abstract: Abstract) -> str:
    """The oral abstract's talk, at the end of its session, with the presenting author as
    its speaker. Returns a note for staff when it cannot be made."""
    if abstract.talk_id:
        return ""
    session = abstract.oral_session
    if session is None:
        return "no program session was chosen, so no talk was added"
    author = presenting_author(abstract)
    last = Talk.objects.filter(session=session).aggregate(last=Max("ordering"))["last"] or 0
    talk = Talk.objects.create(
        session=session, title=markup.plain(abstract.title)[:300], ordering=last + 1
    )
    if author is not None:
        numbers = author.affiliation_numbers[:1]
        affiliation = (
            Affiliation.objects.filter(abstract=abstract, number__in=numbers)
            .values_list("name", flat=True)
            .first()
            or ""
        )
        TalkSpeaker.objects.create(
            talk=talk, person=speaker_person(author, affiliation=affiliation), ordering=1
        )
    abstract.talk = talk
    return "" if author else "the abstract names no presenting author; the talk has no speaker"


def board_prefix(abstract: Abstract) -> str:
    """ "P2-" for the call's second topic (in the call's order); "P-" without a topic."""
    if not abstract.topic_id:
        return "P-"
    ids = list(AbstractTopic.objects.filter(call_id=abstract.call_id).values_list("pk", flat=True))
    return f"P{ids.index(abstract.topic_id) + 1}-"


def board_assign(abstract: Abstract) -> str:
    """The next board of the abstract's topic (after the highest in use), unique in the
    call. The call is locked while it is chosen, so two releases at once never pick the same
    one."""
    if abstract.board_number:
        return abstract.board_number
    lock_one(AbstractCall, pk=abstract.call_id)
    prefix = board_prefix(abstract)
    used = Abstract.objects.filter(
        call_id=abstract.call_id, board_number__startswith=prefix
    ).values_list("board_number", flat=True)
    numbers = [int(board[len(prefix) :]) for board in used if board[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


def decision_email_context(abstract: Abstract) -> dict:
    call = abstract.call
    author = presenting_author(abstract)
    session = abstract.oral_session
    return {
        "name": abstract.submitter.get_full_name() or abstract.submitter.email,
        "number": abstract.number,
        "title": markup.plain(abstract.title),
        "meeting": call.meeting.name,
        "decision": abstract.decision,
        "decision_label": abstract.get_decision_display(),
        "board": abstract.board_number,
        "session": str(session) if session else "",
        "presenter": author.name if author else "",
        "registered_by": (
            f"{call.presenter_registered_by:%d %B %Y}" if call.presenter_registered_by else ""
        ),
        "abstracts_url": site_url(reverse("abstracts:mine")),
    }
