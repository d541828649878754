"""Travel awards tied to the meeting's abstracts: the application names one of the applicant's
own abstracts the call accepts, and staff can enter every eligible presenting author at once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.exceptions import AwardError
from awards.models import Application, AwardCycle
from icis.core.models import AuditEntry
from meetings.abstracts.models import AbstractReview
from members.models import CareerStage
from tests.awards.conftest import documents_and_referees_add, make_member
from tests.factories import AbstractCallFactory, AbstractFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def _released(abstract, decision="poster"):
    abstract.decision = decision
    abstract.decision_released_at = timezone.now()
    abstract.save(update_fields=["decision", "decision_released_at"])
    return abstract


@pytest.fixture
def call(travel_cycle):
    return AbstractCallFactory(meeting=travel_cycle.meeting)


@pytest.fixture
def accepted_cycle(travel_cycle):
    travel_cycle.abstract_required = AwardCycle.AbstractRule.ACCEPTED
    travel_cycle.enter_trainee_abstracts = True
    travel_cycle.save()
    return travel_cycle


def _ready_draft(cycle, user):
    application = services.application_start(cycle=cycle, user=user)
    documents_and_referees_add(application, user)
    return application


def _save(application, user, abstract_id):
    return services.application_save(
        application_id=application.pk,
        user=user,
        title="Work",
        summary="Summary.",
        declaration_confirmed=True,
        abstract_id=abstract_id,
    )


def test_the_application_lists_only_the_applicant_s_accepted_abstracts(accepted_cycle, call):
    trainee = make_member(career_stage=CareerStage.POSTDOC)
    own_accepted = _released(AbstractFactory(call=call, submitter=trainee, status="submitted"))
    AbstractFactory(call=call, submitter=trainee, status="submitted")  # not decided yet
    _released(AbstractFactory(call=call, submitter=trainee, status="submitted"), "reject")
    someone_else = _released(AbstractFactory(call=call, status="submitted"))
    presenting = _released(AbstractFactory(call=call, status="submitted"))
    AuthorFactory(abstract=presenting, user=trainee, is_presenting=True)
    application = services.application_start(cycle=accepted_cycle, user=trainee)

    choices = services.abstract_choices(application=application)

    assert [a.pk for a in choices] == [own_accepted.pk, presenting.pk]
    with pytest.raises(AwardError, match="Choose one of your abstracts listed"):
        _save(application, trainee, someone_else.pk)


def test_submitting_needs_the_abstract_and_it_must_still_qualify(accepted_cycle, call):
    trainee = make_member(career_stage=CareerStage.POSTDOC)
    abstract = _released(AbstractFactory(call=call, submitter=trainee, status="submitted"))
    application = _ready_draft(accepted_cycle, trainee)
    _save(application, trainee, None)

    with pytest.raises(AwardError, match="Choose the abstract this application is for"):
        services.application_submit(application_id=application.pk, user=trainee)

    _save(application, trainee, abstract.pk)
    abstract.status = abstract.Status.WITHDRAWN  # withdrawn after it was chosen
    abstract.save(update_fields=["status"])
    with pytest.raises(AwardError, match="Choose the abstract this application is for"):
        services.application_submit(application_id=application.pk, user=trainee)

    abstract.status = abstract.Status.SUBMITTED
    abstract.save(update_fields=["status"])
    submitted = services.application_submit(application_id=application.pk, user=trainee)
    assert (submitted.status, submitted.abstract_id) == ("submitted", abstract.pk)


def test_the_application_page_offers_the_abstract_and_refuses_another_in_place(
    client, accepted_cycle, call
):
    trainee = make_member(career_stage=CareerStage.POSTDOC, first_name="Tia")
    mine = _released(AbstractFactory(call=call, submitter=trainee, status="submitted"))
    theirs = _released(AbstractFactory(call=call, status="submitted"))
    application = services.application_start(cycle=accepted_cycle, user=trainee)
    client.force_login(trainee)

    page = client.get(application.get_absolute_url()).content.decode()
    assert f'<option value="{mine.pk}">{mine.number}: {mine}</option>' in page
    assert f'value="{theirs.pk}"' not in page

    data = {"action": "save", "title": "My travel", "summary": "Why.", "abstract": theirs.pk}
    refused = client.post(application.get_absolute_url(), data)
    assert refused.status_code == 200
    assert "Choose one of your abstracts listed." in refused.content.decode()
    assert 'value="My travel"' in refused.content.decode()  # the text is kept

    client.post(application.get_absolute_url(), data | {"abstract": mine.pk})
    application.refresh_from_db()
    assert (application.title, application.abstract_id) == ("My travel", mine.pk)


def test_staff_enter_eligible_presenting_authors_once(accepted_cycle, call, staff_user):
    postdoc = make_member(career_stage=CareerStage.POSTDOC, first_name="Pia")
    senior = make_member(career_stage=CareerStage.SENIOR, first_name="Sam")
    applied = make_member(career_stage=CareerStage.GRADUATE_STUDENT, first_name="Gil")
    for person in (postdoc, senior, applied):
        abstract = _released(AbstractFactory(call=call, status="submitted"))
        AuthorFactory(abstract=abstract, user=person, is_presenting=True)
    AuthorFactory(abstract=_released(AbstractFactory(call=call, status="submitted")))  # no account
    services.application_start(cycle=accepted_cycle, user=applied)

    first = services.trainee_abstracts_enter(cycle=accepted_cycle, actor=staff_user)
    again = services.trainee_abstracts_enter(cycle=accepted_cycle, actor=staff_user)

    assert (first.entered, first.already, first.not_eligible) == (1, 1, 1)
    assert (again.entered, again.already, again.not_eligible) == (0, 2, 1)
    entered = Application.objects.get(cycle=accepted_cycle, created_by=postdoc)
    assert entered.status == "submitted"
    assert entered.abstract.authors.get(is_presenting=True).user == postdoc
    assert entered.title == str(entered.abstract)
    assert entered.summary == "IFN-\u03b3 rose \u2265 2-fold at 10 \u00b5M."
    assert (
        AuditEntry.objects.filter(
            action="award.application_entered_from_abstract", object_id=str(entered.pk)
        ).count()
        == 1
    )


def test_staff_enter_abstracts_from_the_ranking_page(admin_client_2fa, accepted_cycle, call):
    postdoc = make_member(career_stage=CareerStage.POSTDOC)
    abstract = _released(AbstractFactory(call=call, status="submitted"))
    AuthorFactory(abstract=abstract, user=postdoc, is_presenting=True)
    url = reverse("admin:awards_awardcycle_enter_abstracts", args=[accepted_cycle.pk])

    assert "Presenting authors with an account" in admin_client_2fa.get(url).content.decode()
    page = admin_client_2fa.post(url, follow=True).content.decode()

    assert "Entered 1 application from abstracts; 0 had applied already" in page
    assert Application.objects.filter(cycle=accepted_cycle, created_by=postdoc).exists()


def test_a_call_that_enters_abstracts_must_name_its_meeting_and_rule(travel_program):
    cycle = AwardCycle(program=travel_program, year=2030, enter_trainee_abstracts=True)
    cycle.opens_at = timezone.now()
    cycle.closes_at = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        cycle.clean()
    assert "Choose the meeting whose abstracts this award is linked to." in str(error.value)


def test_judges_see_the_abstract_s_review_score_beside_the_application(
    admin_client_2fa, accepted_cycle, call
):
    trainee = make_member(career_stage=CareerStage.POSTDOC, first_name="Ola")
    abstract = _released(AbstractFactory(call=call, submitter=trainee, status="submitted"))
    for score in ("4.00", "3.00"):
        AbstractReview.objects.create(
            abstract=abstract,
            reviewer=make_member(first_name="Rev"),
            weighted_score=score,
            submitted_at=timezone.now(),
        )
    AbstractReview.objects.create(abstract=abstract, reviewer=make_member(first_name="Late"))
    application = _ready_draft(accepted_cycle, trainee)
    _save(application, trainee, abstract.pk)
    services.application_submit(application_id=application.pk, user=trainee)

    ranking = admin_client_2fa.get(
        reverse("admin:awards_awardcycle_ranking", args=[accepted_cycle.pk])
    ).content.decode()
    detail = admin_client_2fa.get(
        reverse("admin:awards_application_change", args=[application.pk])
    ).content.decode()

    assert "Abstract score (reviews)" in ranking
    assert '<td class="abstract-score">3.50 (2)</td>' in ranking
    assert f"{abstract.number}: {abstract} (score 3.50 from 2 reviews)" in detail
