"""Requests: one at a time (or up to the configured three), answered within 14 days or expired
with the trainee told; an acceptance introduces both by email, once each; pairings get a
monthly check-in reminder exactly once, and feedback at the end."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from icis.mail.models import OutboundEmail
from mentorship import services, tasks
from mentorship.exceptions import MentorshipError
from mentorship.models import Format, MentorshipRequest, Pairing
from tests.factories.mentorship import mentor, trainee

pytestmark = pytest.mark.django_db
Status = MentorshipRequest.Status


def ask(asker, asked, *, now=None, format=Format.PAIRING):
    return services.request_send(
        trainee=asker,
        mentor_id=asked.pk,
        goals="Plan my first grant application",
        topics="grants",
        format=format,
        now=now,
    )


def emails_to(user, template):
    return list(
        OutboundEmail.objects.filter(to_email=user.email, template=f"mentorship/email/{template}")
    )


def test_a_trainee_asks_one_mentor_at_a_time_and_the_mentor_is_emailed():
    asker = trainee()
    first, second = mentor(last_name="First"), mentor(last_name="Second")

    sent = ask(asker, first)
    with pytest.raises(MentorshipError, match="one request at a time"):
        ask(asker, second)

    assert [email.subject for email in emails_to(first.user, "request_received")] == [
        "[ICIS] A trainee asks you to mentor them"
    ]
    assert (
        f"/my/mentorship/requests/{sent.pk}/"
        in emails_to(first.user, "request_received")[0].body_text
    )


def test_up_to_three_requests_at_once_when_the_society_allows(settings):
    settings.MENTORSHIP_OPEN_REQUESTS = 3
    asker = trainee()
    mentors = [mentor(last_name=f"M{number}") for number in range(4)]

    for asked in mentors[:3]:
        ask(asker, asked)
    with pytest.raises(MentorshipError, match="at most 3 at a time"):
        ask(asker, mentors[3])


def test_accepting_starts_a_pairing_and_introduces_both_once_each():
    asker = trainee(first_name="Tara", last_name="Trainee")
    asked = mentor(first_name="Mona", last_name="Mentor")
    sent = ask(asker, asked)

    pairing = services.request_accept(request_id=sent.pk, user=asked.user, note="Happy to")
    # Answering twice (a second click) changes nothing and sends nothing more.
    with pytest.raises(MentorshipError):
        services.request_accept(request_id=sent.pk, user=asked.user)

    assert pairing.goals == "Plan my first grant application"
    to_trainee = emails_to(asker, "introduction")
    to_mentor = emails_to(asked.user, "introduction")
    assert len(to_trainee) == len(to_mentor) == 1
    assert "Mona Mentor has accepted to be your mentor" in to_trainee[0].body_text
    assert "Thank you for accepting Tara Trainee" in to_mentor[0].body_text
    assert asked.user.email in to_trainee[0].body_text


def test_only_the_mentor_asked_can_answer():
    asker = trainee()
    asked, other = mentor(last_name="Asked"), mentor(last_name="Other")
    sent = ask(asker, asked)

    for user in (other.user, asker):
        with pytest.raises(MentorshipError):
            services.request_accept(request_id=sent.pk, user=user)
    assert MentorshipRequest.objects.get(pk=sent.pk).status == Status.PENDING


def test_an_unanswered_request_expires_after_14_days_and_the_trainee_is_told_once():
    asker = trainee()
    asked = mentor()
    sent_at = timezone.now() - timedelta(days=14, minutes=1)
    sent = ask(asker, asked, now=sent_at)
    fresh_asker = trainee(first_name="Fresh")
    fresh = ask(fresh_asker, asked)

    tasks.expire_mentorship_requests()
    tasks.expire_mentorship_requests()

    assert MentorshipRequest.objects.get(pk=sent.pk).status == Status.EXPIRED
    assert MentorshipRequest.objects.get(pk=fresh.pk).status == Status.PENDING
    told = emails_to(asker, "request_expired")
    assert len(told) == 1
    assert told[0].subject == "[ICIS] Your mentorship request was not answered in time"
    with pytest.raises(MentorshipError, match=r"(?i)expired"):
        services.request_accept(request_id=sent.pk, user=asked.user)
    # The trainee may ask again.
    assert ask(asker, asked).status == Status.PENDING


def test_a_declined_trainee_is_told_with_the_mentors_note():
    asker = trainee()
    asked = mentor(first_name="Mona", last_name="Mentor")
    sent = ask(asker, asked)

    services.request_decline(request_id=sent.pk, user=asked.user, note="Full until spring")

    [email] = emails_to(asker, "request_declined")
    assert "Full until spring" in email.body_text


def test_the_monthly_check_in_reminder_is_sent_once_when_due():
    asker = trainee()
    asked = mentor()
    start = timezone.now() - timedelta(days=40)
    pairing = services.request_accept(
        request_id=ask(asker, asked, now=start).pk, user=asked.user, now=start
    )
    due_on = timezone.localdate(start) + relativedelta(months=1)
    assert pairing.next_check_in_on == due_on

    tasks.send_mentorship_check_ins()
    tasks.send_mentorship_check_ins()

    assert len(emails_to(asker, "check_in")) == 1
    assert len(emails_to(asked.user, "check_in")) == 1
    assert Pairing.objects.get(pk=pairing.pk).next_check_in_on == due_on + relativedelta(months=1)


def test_one_conversation_gets_no_check_in_and_feedback_comes_after_the_end():
    asker = trainee()
    asked = mentor()
    start = timezone.now() - timedelta(days=90)
    pairing = services.request_accept(
        request_id=ask(asker, asked, now=start, format=Format.CONVERSATION).pk,
        user=asked.user,
        now=start,
    )
    tasks.send_mentorship_check_ins()
    assert not emails_to(asker, "check_in")

    with pytest.raises(MentorshipError):
        services.feedback_give(pairing_id=pairing.pk, user=asker, rating=5, comments="")
    services.pairing_end(pairing_id=pairing.pk, user=asker)
    services.feedback_give(pairing_id=pairing.pk, user=asker, rating=4, comments="Useful")
    services.feedback_give(pairing_id=pairing.pk, user=asker, rating=5, comments="Changed mind")

    assert [(item.rating, item.comments) for item in pairing.feedback.all()] == [
        (5, "Changed mind")
    ]
