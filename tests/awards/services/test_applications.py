"""Applying and nominating through the services: who may start, what a draft keeps, what submit
asks for, and that nothing moves outside the call's dates or in someone else's hands."""

from datetime import timedelta

import pytest
from django.utils import timezone

from awards import selectors, services
from awards.exceptions import AwardError, CallClosed, NotEligible
from awards.models import Application, Level
from icis.mail.models import OutboundEmail
from members.models import CareerStage, MemberProfile
from members.selectors import membership_standing
from members.services import membership_grant
from tests.awards.conftest import (
    documents_and_referees_add,
    make_member,
    open_cycle_for,
    pdf_upload,
)
from tests.concurrency import race
from tests.factories import AwardProgramFactory
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db


def _within_limit(cycle, years=4):
    return cycle.year - years


def _start(cycle, user, **kwargs):
    return services.application_start(cycle=cycle, user=user, **kwargs)


def _save(application, user, *, title="Interferon signalling in the gut", summary=None, **kw):
    return services.application_save(
        application_id=application.pk,
        user=user,
        title=title,
        summary="How type III interferons shape the gut." if summary is None else summary,
        declaration_confirmed=kw.pop("declaration_confirmed", True),
        **kw,
    )


def _complete(application, user, *, now=None):
    """Everything the call asks for: title, summary, statement, documents and referees."""
    _save(application, user, now=now)
    documents_and_referees_add(application, user, now=now)


def _submit(application, user, **kwargs):
    return services.application_submit(application_id=application.pk, user=user, **kwargs)


def _nominee(name="Grace Hopper", email="grace@example.org", institution="Navy Labs"):
    return services.Nominee(name=name, email=email, institution=institution)


@pytest.fixture
def nomination_cycle(db):
    program = AwardProgramFactory(
        name="Distinguished Service Award",
        slug="distinguished-service",
        level=Level.SERVICE,
        summary="For service to the society.",
        max_years_since_degree=None,
    )
    return open_cycle_for(program, intake="nominations", documents=(("nomination", 3),))


# --- Eligibility --------------------------------------------------------------------------------


def test_an_eligible_member_starts_a_draft_with_their_profile_copied(yi_cycle):
    user = make_member(
        first_name="Ada",
        last_name="Lovelace",
        institution="Analytical Institute",
        degree_year=_within_limit(yi_cycle),
    )

    application = _start(yi_cycle, user)

    assert application.status == Application.Status.DRAFT
    assert application.kind == Application.Kind.APPLICATION
    assert (
        application.candidate_id,
        application.candidate_name,
        application.candidate_email,
        application.candidate_institution,
        application.candidate_degree_year,
    ) == (user.pk, "Ada Lovelace", user.email, "Analytical Institute", yi_cycle.year - 4)
    # Opening the call again returns the same draft, not a second one.
    assert _start(yi_cycle, user).pk == application.pk
    assert Application.objects.filter(created_by=user).count() == 1


def test_someone_without_a_membership_is_refused_with_the_reason(yi_cycle):
    user = make_member(member=False, degree_year=_within_limit(yi_cycle))

    with pytest.raises(NotEligible) as refused:
        _start(yi_cycle, user)

    assert str(refused.value) == (
        "This award is for members of the society; your membership is not active."
    )
    assert not Application.objects.filter(created_by=user).exists()


@pytest.mark.parametrize(
    ("ended_days_ago", "accepted"),
    [(10, True), (45, False)],
    ids=["in-the-grace-period", "lapsed"],
)
def test_a_membership_that_ended_counts_only_during_its_grace_period(
    yi_cycle, regular_type, settings, ended_days_ago, accepted
):
    settings.MEMBERSHIP_GRACE_DAYS = 30
    user = make_member(member=False, degree_year=_within_limit(yi_cycle))
    # A year's term bought so that it ended `ended_days_ago` days ago.
    bought = timezone.now() - timedelta(days=365 + ended_days_ago)
    membership_grant(user=user, membership_type=regular_type, actor=None, now=bought)
    assert membership_standing(user=user).status == ("grace" if accepted else "lapsed")

    if accepted:
        assert _start(yi_cycle, user).status == Application.Status.DRAFT
    else:
        with pytest.raises(NotEligible, match="your membership is not active"):
            _start(yi_cycle, user)


def test_a_career_stage_outside_the_award_s_is_refused_and_named(travel_cycle):
    senior = make_member(career_stage=CareerStage.SENIOR)
    unknown = make_member(career_stage="")

    with pytest.raises(NotEligible) as wrong_stage:
        _start(travel_cycle, senior)
    with pytest.raises(NotEligible) as no_stage:
        _start(travel_cycle, unknown)

    assert str(wrong_stage.value) == (
        "It is open to these career stages: Graduate student (PhD or master's); "
        "Postdoctoral researcher. Your profile says Senior investigator."
    )
    assert str(no_stage.value) == (
        "It is open to these career stages: Graduate student (PhD or master's); "
        "Postdoctoral researcher. Add yours to your profile."
    )
    student = make_member(career_stage=CareerStage.GRADUATE_STUDENT)
    assert _start(travel_cycle, student).status == Application.Status.DRAFT


def test_the_years_since_the_degree_are_counted_to_the_call_s_year(yi_cycle):
    limit = yi_cycle.program.max_years_since_degree
    no_year = make_member(degree_year=None)
    too_old = make_member(degree_year=yi_cycle.year - limit - 3)
    just_in = make_member(degree_year=yi_cycle.year - limit)

    with pytest.raises(NotEligible) as missing:
        _start(yi_cycle, no_year)
    with pytest.raises(NotEligible) as old:
        _start(yi_cycle, too_old)

    assert "add the year of your highest degree to your profile" in str(missing.value)
    assert str(old.value) == (
        f"It is for those within {limit} years of their highest degree; yours was in "
        f"{yi_cycle.year - limit - 3}, {limit + 3} years before {yi_cycle.year}."
    )
    assert _start(yi_cycle, just_in).status == Application.Status.DRAFT


def test_every_reason_is_given_at_once(yi_cycle):
    user = make_member(member=False, degree_year=None)

    with pytest.raises(NotEligible) as refused:
        _start(yi_cycle, user)

    message = str(refused.value)
    assert "your membership is not active" in message
    assert "add the year of your highest degree" in message


def test_eligibility_is_checked_again_at_submit(yi_cycle):
    user = make_member(degree_year=_within_limit(yi_cycle))
    application = _start(yi_cycle, user)
    _complete(application, user)
    # The applicant corrects their profile: the degree is older than they first wrote.
    MemberProfile.objects.filter(user=user).update(degree_year=yi_cycle.year - 15)

    with pytest.raises(NotEligible, match=r"yours was in \d{4}, 15 years before"):
        _submit(application, user)

    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.submitted_at is None
    assert not OutboundEmail.objects.filter(template="awards/email/submitted").exists()


def test_the_statement_must_be_confirmed_before_submitting(travel_cycle):
    user = make_member(career_stage=CareerStage.POSTDOC)
    application = _start(travel_cycle, user)
    _complete(application, user)
    _save(application, user, declaration_confirmed=False)

    with pytest.raises(AwardError) as incomplete:
        _submit(application, user)
    assert str(incomplete.value) == "Not yet complete: Confirm the statement about eligibility."

    _save(application, user, declaration_confirmed=True)
    assert _submit(application, user).status == Application.Status.SUBMITTED


# --- Drafts and submitting ----------------------------------------------------------------------


def test_a_draft_keeps_what_was_saved_and_submit_lists_what_is_missing(yi_cycle):
    user = make_member(degree_year=_within_limit(yi_cycle))
    application = _start(yi_cycle, user)

    _save(application, user, title="  ", summary="")
    with pytest.raises(AwardError) as incomplete:
        _submit(application, user)

    assert str(incomplete.value) == (
        "Not yet complete: Give the application a title. Write the summary. Upload your CV. "
        "Ask 1 referee for a letter (0 asked so far)."
    )
    _save(application, user, title="  Gut interferons ", summary="A summary kept as a draft.")
    application.refresh_from_db()
    assert (application.title, application.summary) == (
        "Gut interferons",
        "A summary kept as a draft.",
    )
    with pytest.raises(AwardError) as still:
        _submit(application, user)
    assert str(still.value) == (
        "Not yet complete: Upload your CV. Ask 1 referee for a letter (0 asked so far)."
    )
    assert Application.objects.get(pk=application.pk).status == Application.Status.DRAFT


def test_every_required_document_is_asked_for(travel_cycle):
    user = make_member(career_stage=CareerStage.POSTDOC)
    application = _start(travel_cycle, user)
    _save(application, user)
    services.document_upload(
        application_id=application.pk, user=user, kind="cv", upload=pdf_upload(1)
    )

    with pytest.raises(AwardError) as incomplete:
        _submit(application, user)

    assert str(incomplete.value) == "Not yet complete: Upload your abstract."


def test_submitting_locks_the_application_and_confirms_by_email(yi_cycle):
    user = make_member(institution="Old Institute", degree_year=_within_limit(yi_cycle))
    application = _start(yi_cycle, user)
    _complete(application, user)
    # The applicant moved since starting: the application carries the profile as submitted.
    MemberProfile.objects.filter(user=user).update(institution="New Institute")
    when = timezone.now()

    submitted = _submit(application, user, now=when)

    assert (submitted.status, submitted.submitted_at) == (Application.Status.SUBMITTED, when)
    assert Application.objects.get(pk=application.pk).candidate_institution == "New Institute"
    confirmation = OutboundEmail.objects.get(template="awards/email/submitted")
    assert confirmation.to_email == user.email
    assert "Young Investigator Award" in confirmation.body_text

    locked = "has been submitted and can no longer be changed"
    with pytest.raises(AwardError, match=locked):
        _save(application, user, title="A better title")
    with pytest.raises(AwardError, match=locked):
        services.document_upload(
            application_id=application.pk, user=user, kind="cv", upload=pdf_upload(1)
        )
    with pytest.raises(AwardError, match=locked):
        services.referee_request(
            application_id=application.pk, user=user, name="Late", email="late@example.org"
        )
    with pytest.raises(AwardError, match=locked):
        _submit(application, user)
    application.refresh_from_db()
    assert application.title == "Interferon signalling in the gut"
    assert application.files.count() == 1
    assert OutboundEmail.objects.filter(template="awards/email/submitted").count() == 1


def test_withdrawing_before_the_deadline_and_starting_again_reopens_the_same_application(
    yi_cycle,
):
    user = make_member(degree_year=_within_limit(yi_cycle))
    application = _start(yi_cycle, user)
    _complete(application, user)
    _submit(application, user)

    withdrawn = services.application_withdraw(application_id=application.pk, user=user)

    assert withdrawn.status == Application.Status.WITHDRAWN
    assert withdrawn.submitted_at is None and withdrawn.withdrawn_at is not None
    with pytest.raises(AwardError, match="was withdrawn"):
        _save(application, user)

    again = _start(yi_cycle, user)

    assert again.pk == application.pk
    assert again.status == Application.Status.DRAFT
    assert again.title == "Interferon signalling in the gut"
    assert Application.objects.filter(created_by=user).count() == 1
    assert _submit(again, user).status == Application.Status.SUBMITTED


def test_after_the_deadline_nothing_can_be_changed(yi_cycle):
    user = make_member(degree_year=_within_limit(yi_cycle))
    application = _start(yi_cycle, user)
    _complete(application, user)
    late = yi_cycle.closes_at + timedelta(minutes=1)
    closed = "closed on .*; nothing can be changed"

    with pytest.raises(CallClosed, match=closed):
        _save(application, user, title="Changed after the deadline", now=late)
    with pytest.raises(CallClosed, match=closed):
        services.document_upload(
            application_id=application.pk, user=user, kind="cv", upload=pdf_upload(1), now=late
        )
    with pytest.raises(CallClosed, match=closed):
        services.referee_request(
            application_id=application.pk,
            user=user,
            name="Late",
            email="late@example.org",
            now=late,
        )
    with pytest.raises(CallClosed, match=closed):
        _submit(application, user, now=late)
    with pytest.raises(CallClosed, match=closed):
        services.application_withdraw(application_id=application.pk, user=user, now=late)
    # The deadline itself is already too late.
    with pytest.raises(CallClosed):
        _submit(application, user, now=yi_cycle.closes_at)
    newcomer = make_member(degree_year=_within_limit(yi_cycle))
    with pytest.raises(CallClosed, match=closed):
        _start(yi_cycle, newcomer, now=late)

    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.title == "Interferon signalling in the gut"
    assert application.referees.count() == 1
    assert not Application.objects.filter(created_by=newcomer).exists()


def test_a_submitted_application_cannot_be_withdrawn_after_the_deadline(yi_cycle):
    user = make_member(degree_year=_within_limit(yi_cycle))
    application = _start(yi_cycle, user)
    _complete(application, user)
    _submit(application, user)

    with pytest.raises(CallClosed):
        services.application_withdraw(
            application_id=application.pk, user=user, now=yi_cycle.closes_at + timedelta(days=1)
        )

    assert Application.objects.get(pk=application.pk).status == Application.Status.SUBMITTED


def test_nothing_can_be_started_before_the_call_opens(yi_cycle):
    user = make_member(degree_year=_within_limit(yi_cycle))

    with pytest.raises(CallClosed, match="has not opened yet"):
        _start(yi_cycle, user, now=yi_cycle.opens_at - timedelta(seconds=1))

    assert not Application.objects.filter(created_by=user).exists()
    assert _start(yi_cycle, user, now=yi_cycle.opens_at).status == Application.Status.DRAFT


def test_nobody_can_act_on_someone_else_s_application(yi_cycle):
    owner = make_member(degree_year=_within_limit(yi_cycle))
    intruder = make_member(degree_year=_within_limit(yi_cycle))
    application = _start(yi_cycle, owner)
    _save(application, owner, title="The owner's title")
    no_such = "There is no such application."

    with pytest.raises(AwardError, match=no_such):
        _save(application, intruder, title="Taken over")
    with pytest.raises(AwardError, match=no_such):
        services.document_upload(
            application_id=application.pk, user=intruder, kind="cv", upload=pdf_upload(1)
        )
    with pytest.raises(AwardError, match=no_such):
        services.referee_request(
            application_id=application.pk,
            user=intruder,
            name="Accomplice",
            email="accomplice@example.org",
        )
    with pytest.raises(AwardError, match=no_such):
        _submit(application, intruder)
    with pytest.raises(AwardError, match=no_such):
        services.application_withdraw(application_id=application.pk, user=intruder)

    application.refresh_from_db()
    assert (application.title, application.status) == ("The owner's title", "draft")
    assert application.files.count() == 0 and application.referees.count() == 0


def test_an_award_given_by_nomination_takes_no_applications(nomination_cycle):
    with pytest.raises(AwardError, match="is given by nomination only"):
        _start(nomination_cycle, make_member())


# --- Nominations --------------------------------------------------------------------------------


def test_only_active_members_nominate(nomination_cycle):
    outsider = make_member(member=False)

    with pytest.raises(NotEligible, match="Nominations are made by members of the society"):
        services.nomination_start(cycle=nomination_cycle, user=outsider, nominee=_nominee())

    assert not Application.objects.exists()


def test_nobody_nominates_themselves(nomination_cycle):
    member = make_member()

    with pytest.raises(AwardError, match="You cannot nominate yourself"):
        services.nomination_start(
            cycle=nomination_cycle,
            user=member,
            nominee=_nominee(name="Me", email=f"  {member.email.upper()} "),
        )

    assert not Application.objects.exists()


def test_a_nominee_without_an_account_is_taken_from_the_form(nomination_cycle):
    nominator = make_member()

    nomination = services.nomination_start(
        cycle=nomination_cycle,
        user=nominator,
        nominee=_nominee(name=" Grace Hopper ", email=" Grace@Example.org ", institution="Yale"),
    )

    assert nomination.kind == Application.Kind.NOMINATION
    assert nomination.created_by == nominator and nomination.candidate is None
    assert (
        nomination.candidate_name,
        nomination.candidate_email,
        nomination.candidate_institution,
    ) == ("Grace Hopper", "grace@example.org", "Yale")
    # Nominating the same person again returns the same nomination.
    again = services.nomination_start(
        cycle=nomination_cycle, user=nominator, nominee=_nominee(email="grace@example.org")
    )
    assert again.pk == nomination.pk


def test_a_nominee_with_an_account_is_linked_and_their_profile_copied(yi_cycle):
    yi_cycle.intake = "both"
    yi_cycle.save()
    nominator = make_member()
    nominee = make_member(
        first_name="Barbara",
        last_name="McClintock",
        institution="Cold Spring Harbor",
        career_stage=CareerStage.EARLY_CAREER,
        degree_year=_within_limit(yi_cycle, years=2),
    )

    nomination = services.nomination_start(
        cycle=yi_cycle,
        user=nominator,
        nominee=_nominee(name="Barbara McClintock", email=nominee.email.upper(), institution=""),
    )

    assert nomination.candidate == nominee
    assert (
        nomination.candidate_email,
        nomination.candidate_institution,
        nomination.candidate_career_stage,
        nomination.candidate_degree_year,
    ) == (nominee.email, "Cold Spring Harbor", CareerStage.EARLY_CAREER, yi_cycle.year - 2)


def test_an_ineligible_nominee_is_refused_by_name(yi_cycle):
    yi_cycle.intake = "nominations"
    yi_cycle.save()
    nominator = make_member()
    nominee = make_member(member=False, degree_year=yi_cycle.year - 30)

    with pytest.raises(NotEligible) as refused:
        services.nomination_start(
            cycle=yi_cycle,
            user=nominator,
            nominee=_nominee(name="Rita Levi-Montalcini", email=nominee.email),
        )

    message = str(refused.value)
    assert message.startswith(
        "From Rita Levi-Montalcini's profile on this site, they are not eligible: "
    )
    assert "theirs was in" in message and "your" not in message
    assert "30 years before" in message
    assert not Application.objects.exists()


def test_a_nomination_is_completed_and_submitted_by_the_nominator(nomination_cycle):
    nominator = make_member()
    nomination = services.nomination_start(
        cycle=nomination_cycle, user=nominator, nominee=_nominee()
    )
    _complete(nomination, nominator)

    submitted = _submit(nomination, nominator)

    assert submitted.status == Application.Status.SUBMITTED
    email = OutboundEmail.objects.get(template="awards/email/submitted")
    assert email.to_email == nominator.email
    assert "Grace Hopper" in email.body_text


def test_a_nominator_whose_membership_lapsed_cannot_submit(nomination_cycle):
    nominator = make_member()
    nomination = services.nomination_start(
        cycle=nomination_cycle, user=nominator, nominee=_nominee()
    )
    _complete(nomination, nominator)
    nominator.memberships.update(cancelled_at=timezone.now())

    with pytest.raises(NotEligible, match="Nominations are made by members"):
        _submit(nomination, nominator)

    assert Application.objects.get(pk=nomination.pk).status == Application.Status.DRAFT


def test_a_withdrawn_nomination_can_be_made_again(nomination_cycle):
    nominator = make_member()
    nomination = services.nomination_start(
        cycle=nomination_cycle, user=nominator, nominee=_nominee()
    )
    _complete(nomination, nominator)
    _submit(nomination, nominator)
    services.application_withdraw(application_id=nomination.pk, user=nominator)

    again = services.nomination_start(cycle=nomination_cycle, user=nominator, nominee=_nominee())

    assert again.pk == nomination.pk
    assert again.status == Application.Status.DRAFT
    _save(again, nominator, title="Nominated again")
    assert _submit(again, nominator).status == Application.Status.SUBMITTED


# --- Double clicks ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_starting_an_application_in_five_tabs_at_once_makes_one(young_investigator_program):
    cycle = open_cycle_for(young_investigator_program)
    user = make_member(degree_year=_within_limit(cycle))

    outcomes = race([lambda: _start(cycle, user) for _ in range(5)])

    assert all(isinstance(o, Application) for o in outcomes), outcomes
    assert len({o.pk for o in outcomes}) == 1
    assert Application.objects.filter(created_by=user).count() == 1


@pytest.mark.django_db(transaction=True)
def test_nominating_someone_in_five_tabs_at_once_makes_one_nomination(db):
    program = AwardProgramFactory(
        name="Service Award", slug="service", level=Level.SERVICE, summary="For service."
    )
    cycle = open_cycle_for(program, intake="nominations")
    nominator = make_member()

    outcomes = race(
        [
            lambda: services.nomination_start(cycle=cycle, user=nominator, nominee=_nominee())
            for _ in range(5)
        ]
    )

    assert all(isinstance(o, Application) for o in outcomes), outcomes
    assert len({o.pk for o in outcomes}) == 1
    assert Application.objects.filter(created_by=nominator).count() == 1


def test_the_applicant_s_list_takes_one_query(yi_cycle, young_investigator_program):
    user = make_member(degree_year=_within_limit(yi_cycle))
    years = iter(range(yi_cycle.year - 1, 1990, -1))

    def grow(n):
        for _ in range(n):
            cycle = open_cycle_for(young_investigator_program, year=next(years))
            _start(cycle, user)

    def read():
        for application in selectors.applications_of(user=user):
            str(application.cycle.program)

    assert_queries_at_sizes(expected=1, grow=grow, action=read)
    assert len(selectors.applications_of(user=user)) == 22
