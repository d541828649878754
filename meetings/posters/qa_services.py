"""The writes of the attendee side of the iPoster gallery: opens counted, questions asked,
answered, hidden and sent to presenters in batches, best-poster votes."""

import hashlib
import hmac
import uuid
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_all
from icis.mail.services import email_queue

from ..tournament.models import Action
from ..tournament.services import object_key, points_record
from .audit_engagement import PosterQAAction
from .engagement_models import (
    PosterOpenDay,
    PosterQuestion,
    PosterReader,
    PosterVote,
    QuestionBatch,
    VoteCategory,
)
from .models import Poster
from .qa_exceptions import PosterQAError


def reader_digest(*, poster: Poster, user) -> str:
    """Who opened a poster, as a digest that differs for every poster (see PosterReader)."""
    key = f"{settings.SECRET_KEY}:posters.reader".encode()
    return hmac.new(key, f"{poster.pk}:{user.pk}".encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def poster_open(*, poster: Poster, user, now: datetime | None = None) -> int:
    """An attendee opened a poster: one more open today, the reader counted once, and the
    tournament's points for opening it (once per poster). Returns the points scored."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    updated = PosterOpenDay.objects.filter(poster=poster, day=day).update(opens=F("opens") + 1)
    if not updated:
        PosterOpenDay.objects.bulk_create(
            [PosterOpenDay(poster=poster, day=day, opens=0)], ignore_conflicts=True
        )
        PosterOpenDay.objects.filter(poster=poster, day=day).update(opens=F("opens") + 1)
    PosterReader.objects.bulk_create(
        [PosterReader(poster=poster, reader=reader_digest(poster=poster, user=user))],
        ignore_conflicts=True,
    )
    return points_record(
        meeting=poster.meeting,
        user=user,
        action=Action.POSTER_OPEN,
        object_key=object_key(poster),
        now=now,
    )


@transaction.atomic
def question_ask(
    *, poster: Poster, asker, text: str, token: uuid.UUID, now: datetime | None = None
) -> PosterQuestion:
    """Store an attendee's question (once per form token: a double submit changes nothing)
    and score asking on this poster (once per poster)."""
    now = now or timezone.now()
    question, created = PosterQuestion.objects.get_or_create(
        token=token,
        defaults={"poster": poster, "asker": asker, "text": text.strip(), "created_at": now},
    )
    if question.poster_id != poster.pk or question.asker_id != asker.pk:
        raise PosterQAError("This form was already used. Please write your question again.")
    if created:
        points_record(
            meeting=poster.meeting,
            user=asker,
            action=Action.QUESTION_ASKED,
            object_key=object_key(poster),
            now=now,
        )
    return question


@transaction.atomic
def question_answer(
    *, question: PosterQuestion, presenter, text: str, now: datetime | None = None
) -> PosterQuestion:
    """The poster's presenter answers (or corrects the answer to) a question."""
    if presenter is None or question.poster.presenter_id != presenter.pk:
        raise PosterQAError("Only the poster's presenter answers its questions.")
    question.answer = text.strip()
    question.answered_at = now or timezone.now()
    question.save(update_fields=["answer", "answered_at"])
    return question


@transaction.atomic
def question_hide(*, question: PosterQuestion, actor, now: datetime | None = None):
    """Staff hide a question from the poster page (audited)."""
    now = now or timezone.now()
    if question.is_hidden:
        return question
    question.is_hidden = True
    question.hidden_at = now
    question.save(update_fields=["is_hidden", "hidden_at"])
    audit_record(
        actor=actor,
        action=PosterQAAction.QUESTION_HIDDEN,
        target=question.poster,
        data={"question": question.pk},
        now=now,
    )
    return question


def _batch_send(*, poster_id: int, now: datetime) -> bool:
    with transaction.atomic():
        pending = lock_all(
            PosterQuestion.objects.filter(
                poster_id=poster_id, batch=None, is_hidden=False, answered_at=None
            ).order_by("pk"),
            skip_locked=True,
        )
        if not pending:
            return False
        poster = Poster.objects.select_related("meeting", "presenter").get(pk=poster_id)
        batch = QuestionBatch.objects.create(poster=poster, created_at=now)
        PosterQuestion.objects.filter(pk__in=[q.pk for q in pending]).update(batch=batch)
        email_queue(
            to=poster.presenter.email,
            template="posters/email/questions",
            context={
                "presenter_name": poster.presenter_name,
                "poster_title": poster.title,
                "board": poster.board_number,
                "meeting_name": poster.meeting.name,
                "poster_url": settings.SITE_URL
                + reverse("posters:detail", args=[poster.meeting.slug, poster.pk]),
                "questions": [q.text for q in pending],
            },
            dedupe_key=f"poster-questions:{poster.pk}:{batch.pk}",
            now=now,
        )
    return True


def question_batches_send(*, now: datetime | None = None) -> int:
    """Every ~15 minutes: one email per poster with the questions asked since its last email.
    A question belongs to one batch only (taken under a row lock), so a second run, even at the
    same moment, finds nothing new. Returns the number of emails queued."""
    now = now or timezone.now()
    poster_ids = (
        PosterQuestion.objects.filter(
            batch=None, is_hidden=False, answered_at=None, poster__presenter__isnull=False
        )
        .values_list("poster_id", flat=True)
        .distinct()
        .order_by("poster_id")
    )
    return sum(_batch_send(poster_id=pk, now=now) for pk in list(poster_ids))


def category_open(category: VoteCategory, now: datetime) -> bool:
    return now < category.closes_at


def category_competes(category: VoteCategory, poster: Poster) -> bool:
    if poster.meeting_id != category.meeting_id or not poster.is_shown:
        return False
    chosen = category.posters.all()
    return not chosen.exists() or chosen.filter(pk=poster.pk).exists()


def vote_cast(
    *, category: VoteCategory, voter, poster: Poster, now: datetime | None = None
) -> PosterVote:
    """An attendee's one vote in a category. Final once given; none after the category closes."""
    now = now or timezone.now()
    if not category_open(category, now):
        raise PosterQAError("Voting in this category has closed.")
    if not category_competes(category, poster):
        raise PosterQAError("This poster does not compete in this category.")
    try:
        with transaction.atomic():
            return PosterVote.objects.create(
                category=category, voter=voter, poster=poster, created_at=now
            )
    except IntegrityError:
        raise PosterQAError("You have already voted in this category.") from None
