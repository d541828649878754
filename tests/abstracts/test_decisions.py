"""Decisions on abstracts: recorded and held, released together with one email each; an oral
acceptance becomes a talk in the program with the presenting author as speaker, a poster gets
a board of its topic; the presenting author confirms; a withdrawal after acceptance frees the
slot and tells the office; presenters not registered are named to staff and reminded."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from icis.mail.models import OutboundEmail
from meetings.abstracts import review_services, services
from meetings.abstracts.exceptions import AbstractError
from meetings.abstracts.models import Abstract
from meetings.models import Person, Registration, Talk
from tests.abstracts.reviewing import submitted
from tests.concurrency import race
from tests.conftest import sign_in_with_two_factor
from tests.factories import RegistrationCategoryFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

Decision = Abstract.Decision


@pytest.fixture
def staff(staff_user_2fa):
    return staff_user_2fa


@pytest.fixture
def session(call):
    return SessionFactory(day__meeting=call.meeting, title="Interferons in the clinic")


def _decide(abstract, decision, staff, session=None):
    return review_services.decision_record(
        abstract_id=abstract.pk,
        decision=decision,
        session_id=session.pk if session else None,
        actor=staff,
    )


def _decision_emails(abstract=None):
    emails = OutboundEmail.objects.filter(template="abstracts/email/decision")
    return (
        emails.filter(dedupe_key__startswith=f"abstract-decision:{abstract.pk}:")
        if abstract
        else emails
    )


def test_decisions_are_held_then_released_once_with_one_email_each(call, staff, session):
    oral, poster, rejected, waiting = (submitted(call) for _ in range(4))
    _decide(oral, Decision.ORAL, staff, session)
    _decide(poster, Decision.POSTER, staff)
    _decide(rejected, Decision.REJECT, staff)
    _decide(waiting, Decision.WAITLIST, staff)
    assert not _decision_emails().exists()  # held until released

    first = review_services.decisions_release(call=call, actor=staff)
    second = review_services.decisions_release(call=call, actor=staff)

    assert (first.sent, second.sent) == (4, 0)
    assert sorted(_decision_emails().values_list("dedupe_key", flat=True)) == sorted(
        f"abstract-decision:{a.pk}:{d}"
        for a, d in [
            (oral, "oral"),
            (poster, "poster"),
            (rejected, "reject"),
            (waiting, "waitlist"),
        ]
    )
    poster.refresh_from_db()
    email = _decision_emails(poster).get()
    assert email.to_email == poster.submitter.email
    assert f"Accepted: poster, board {poster.board_number}" in email.body_text


def test_an_oral_acceptance_needs_a_session_of_the_meeting(call, staff):
    abstract = submitted(call)
    elsewhere = SessionFactory()  # another meeting's session
    with pytest.raises(AbstractError, match="Choose the program session"):
        _decide(abstract, Decision.ORAL, staff)
    with pytest.raises(AbstractError, match="Choose the program session"):
        _decide(abstract, Decision.ORAL, staff, elsewhere)


def test_an_oral_acceptance_becomes_a_talk_with_the_presenting_author_reusing_their_person(
    call, staff, session
):
    presenter = UserFactory(first_name="Ines", last_name="Marlowe", email="ines@example.org")
    person = Person.objects.create(name="Ines Marlowe", affiliation="Cardiff", user=presenter)
    abstract = submitted(
        call,
        authors=[("Ines Marlowe", "ines@example.org", presenter), ("Co Author", "", None)],
        title="IL-1\u03b2 drives IFN-\u03b3 in T_{H}1 cells",
    )
    by_name = Person.objects.create(name="Co Author Two")
    other = submitted(call, authors=[("co author two", "", None)])
    _decide(abstract, Decision.ORAL, staff, session)
    _decide(other, Decision.ORAL, staff, session)

    review_services.decisions_release(call=call, actor=staff)

    abstract.refresh_from_db()
    talk = abstract.talk
    assert talk.session == session
    assert talk.title == "IL-1\u03b2 drives IFN-\u03b3 in TH1 cells"
    assert list(talk.speakers.all()) == [person]
    other.refresh_from_db()
    assert list(other.talk.speakers.all()) == [by_name]  # matched by name
    assert Person.objects.count() == 2  # nobody created twice


def test_a_new_presenter_is_added_to_the_program_people_once(call, staff, session):
    abstract = submitted(call, authors=[("Tomasz Wren", "tw@example.org", None)])
    _decide(abstract, Decision.ORAL, staff, session)
    review_services.decisions_release(call=call, actor=staff)
    (person,) = Person.objects.all()
    assert (person.name, person.affiliation) == ("Tomasz Wren", "Institute of Immunology, Cardiff")


def test_poster_boards_are_numbered_per_topic_and_unique_in_the_call(call, staff):
    interferons, cancer = call.topics.all()
    first, second = submitted(call, topic=interferons), submitted(call, topic=interferons)
    third = submitted(call, topic=cancer)
    for abstract in (first, second, third):
        _decide(abstract, Decision.POSTER, staff)
    review_services.decisions_release(call=call, actor=staff)
    boards = dict(Abstract.objects.values_list("pk", "board_number"))
    assert sorted([boards[first.pk], boards[second.pk]]) == ["P1-1", "P1-2"]
    assert boards[third.pk] == "P2-1"


def test_a_withdrawal_after_acceptance_frees_the_board_and_talk_and_tells_the_office(
    call, staff, session
):
    poster, oral = submitted(call), submitted(call)
    _decide(poster, Decision.POSTER, staff)
    _decide(oral, Decision.ORAL, staff, session)
    review_services.decisions_release(call=call, actor=staff)
    oral.refresh_from_db()
    talk_id = oral.talk_id

    services.abstract_withdraw(abstract_id=poster.pk, user=poster.submitter)
    services.abstract_withdraw(abstract_id=oral.pk, user=oral.submitter)

    poster.refresh_from_db()
    oral.refresh_from_db()
    assert poster.board_number == ""
    assert oral.talk_id is None
    assert not Talk.objects.filter(pk=talk_id).exists()
    office = OutboundEmail.objects.filter(
        to_email=settings.SOCIETY_OFFICE_EMAIL,
        template="abstracts/email/withdrawn_after_acceptance",
    )
    assert sorted(office.values_list("dedupe_key", flat=True)) == sorted(
        f"abstract-withdrawn-after-acceptance:{a.pk}" for a in (poster, oral)
    )
    assert "P1-1" in office.get(dedupe_key__endswith=f":{poster.pk}").body_text
    # The freed board goes to the next poster released.
    waiting = submitted(call)
    _decide(waiting, Decision.POSTER, staff)
    review_services.decisions_release(call=call, actor=staff)
    waiting.refresh_from_db()
    assert waiting.board_number == "P1-1"


def test_a_withdrawal_before_any_decision_tells_nobody(call):
    abstract = submitted(call)
    services.abstract_withdraw(abstract_id=abstract.pk, user=abstract.submitter)
    assert not OutboundEmail.objects.filter(to_email=settings.SOCIETY_OFFICE_EMAIL).exists()


def test_the_presenting_author_confirms_from_their_abstracts_page(call, staff, client):
    abstract = submitted(call)
    _decide(abstract, Decision.POSTER, staff)
    client.force_login(abstract.submitter)
    url = reverse("abstracts:presenter_confirm", args=[abstract.pk])
    client.post(url)  # not released yet: refused
    abstract.refresh_from_db()
    assert abstract.presenter_confirmed_at is None

    review_services.decisions_release(call=call, actor=staff)
    page = client.get(reverse("abstracts:mine")).content.decode()
    assert "Accepted: poster, board P1-1" in page
    assert "Confirm we will present" in page
    client.post(url)
    abstract.refresh_from_db()
    assert abstract.presenter_confirmed_at is not None
    assert "Presenting confirmed" in client.get(reverse("abstracts:mine")).content.decode()

    client.force_login(UserFactory())
    with pytest.raises(AbstractError):
        review_services.presenter_confirm(abstract_id=abstract.pk, user=UserFactory())


def test_staff_are_told_at_decision_time_that_the_presenter_is_not_registered(call, staff, client):
    call.presenter_registered_by = timezone.localdate() + timedelta(days=30)
    call.save()
    abstract = submitted(call, authors=[("Ula Frey", "ula@example.org", None)])
    sign_in_with_two_factor(client, staff)
    url = reverse("admin:abstracts_abstractcall_decision", args=[call.pk, abstract.pk])
    response = client.post(url, {f"a{abstract.pk}-decision": "poster"}, follow=True)
    page = response.content.decode()
    assert "the presenting author (Ula Frey) is not registered for the meeting" in page
    ranking = client.get(reverse("admin:abstracts_abstractcall_ranking", args=[call.pk]))
    assert "(not registered)" in ranking.content.decode()


def _register(user, meeting):
    category = RegistrationCategoryFactory(meeting=meeting)
    Registration.objects.create(
        meeting=meeting,
        user=user,
        category=category,
        status=Registration.Status.CONFIRMED,
        badge_name=user.get_full_name(),
        affiliation="Cardiff",
        country="GB",
    )


def test_accepted_presenters_not_registered_are_reminded_once_before_the_date(call, staff):
    call.presenter_registered_by = timezone.localdate() + timedelta(days=10)
    call.save()
    registered_user = UserFactory(email="reg@example.org")
    _register(registered_user, call.meeting)
    unregistered = submitted(call, authors=[("Ula Frey", "ula@example.org", None)])
    registered = submitted(call, authors=[("Reg Istered", "REG@example.org", None)])
    rejected = submitted(call, authors=[("Not Accepted", "no@example.org", None)])
    _decide(unregistered, Decision.POSTER, staff)
    _decide(registered, Decision.POSTER, staff)
    _decide(rejected, Decision.REJECT, staff)
    review_services.decisions_release(call=call, actor=staff)

    far = timezone.now() - timedelta(days=30)  # weeks before: not due yet
    assert review_services.presenters_remind(now=far) == 0
    assert review_services.presenters_remind() == 1
    assert review_services.presenters_remind() == 0
    (email,) = OutboundEmail.objects.filter(template="abstracts/email/register_reminder")
    assert email.to_email == unregistered.submitter.email
    assert "Ula Frey" in email.body_text


@pytest.mark.django_db(transaction=True)
def test_two_staff_releasing_at_once_send_each_decision_once(call, session):
    staff_one, staff_two = UserFactory(is_staff=True), UserFactory(is_staff=True)
    abstracts = [submitted(call) for _ in range(6)]
    for i, abstract in enumerate(abstracts):
        _decide(
            abstract, [Decision.POSTER, Decision.ORAL, Decision.REJECT][i % 3], staff_one, session
        )

    outcomes = race(
        [
            lambda: review_services.decisions_release(call=call, actor=staff_one),
            lambda: review_services.decisions_release(call=call, actor=staff_two),
        ]
    )

    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    assert sum(o.sent for o in outcomes) == 6
    assert _decision_emails().count() == 6
    assert Talk.objects.count() == 2
    boards = list(Abstract.objects.exclude(board_number="").values_list("board_number", flat=True))
    assert sorted(boards) == ["P1-1", "P1-2"]


def test_the_presenter_reminder_is_scheduled_on_beat():
    from django_celery_beat.models import PeriodicTask

    from meetings.abstracts import tasks

    task = PeriodicTask.objects.get(
        task="meetings.abstracts.tasks.send_presenter_registration_reminders"
    )
    assert task.enabled and task.crontab is not None
    assert tasks.send_presenter_registration_reminders() == 0


def test_an_erased_reviewer_s_reviews_go_and_the_ranking_counts_the_others(call, staff):
    from icis.accounts import personal_data
    from meetings.abstracts.models import AbstractPanelMember, AbstractReview
    from meetings.abstracts.review_selectors import ranking_by_topic

    abstract = submitted(call)
    erased, kept = UserFactory(), UserFactory()
    AbstractPanelMember.objects.create(call=call, reviewer=erased)
    for reviewer, score in ((erased, "1.00"), (kept, "5.00")):
        AbstractReview.objects.create(
            abstract=abstract, reviewer=reviewer, weighted_score=score, submitted_at=timezone.now()
        )
    exported = personal_data.export_everywhere(user=erased)
    assert "abstract_reviews" in str(exported)

    personal_data.erase_everywhere(user=erased, now=timezone.now())

    assert not AbstractReview.objects.filter(reviewer=erased).exists()
    assert not AbstractPanelMember.objects.filter(reviewer=erased).exists()
    ((_, (row,)),) = ranking_by_topic(call=call)
    assert (row.reviews, str(row.mean)) == (1, "5.00")


def test_staff_preview_then_release_through_the_pages(call, staff, client, session):
    poster = submitted(call)
    oral = submitted(call)
    sign_in_with_two_factor(client, staff)
    ranking = reverse("admin:abstracts_abstractcall_ranking", args=[call.pk])
    decide = "admin:abstracts_abstractcall_decision"
    client.post(reverse(decide, args=[call.pk, poster.pk]), {f"a{poster.pk}-decision": "poster"})
    response = client.post(
        reverse(decide, args=[call.pk, oral.pk]), {f"a{oral.pk}-decision": "oral"}, follow=True
    )
    assert "Choose the program session the talk goes into." in response.content.decode()
    client.post(
        reverse(decide, args=[call.pk, oral.pk]),
        {f"a{oral.pk}-decision": "oral", f"a{oral.pk}-session": str(session.pk)},
    )
    release = reverse("admin:abstracts_abstractcall_release", args=[call.pk])
    preview = client.get(release).content.decode()
    assert "2 recorded decisions not yet sent" in preview
    assert f"the email, as {poster.submitter.email} will read it" in preview
    assert not _decision_emails().exists()

    response = client.post(release)
    assert response.status_code == 302 and response.url == ranking
    assert _decision_emails().count() == 2
    oral.refresh_from_db()
    assert oral.talk.session == session
