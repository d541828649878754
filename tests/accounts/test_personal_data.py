"""What the site holds of a person: every model that names one is exported, erased or kept
for a stated reason; "Download all your data" shows it; "Delete your account" and a staff
member's delete in the admin erase it the same way."""

import json
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models
from django.urls import reverse
from django.utils import timezone

from awards.services import application_start
from icis.accounts import personal_data
from icis.accounts.receivers import record_sign_up
from icis.core.models import AuditEntry
from icis.payments import services as payment_services
from icis.payments.models import Payment
from meetings import registration as reg
from meetings.abstracts.models import AbstractReview
from meetings.cme_credits import cme_claim
from meetings.exhibitors.services import lead_send
from meetings.models import CmeClaim, Registration
from meetings.tournament.models import Action, PointEvent
from members import services as members_services
from members.models import CareerStage
from members.services import membership_checkout
from news.models import NewsletterSubscriber, Post, ResearchNews
from news.services import research_news_approve, research_news_submit
from tests.awards.conftest import open_cycle_for
from tests.factories import (
    AbstractFactory,
    AccreditationFactory,
    AffiliationFactory,
    AuthorFactory,
    AwardProgramFactory,
    MemberProfileFactory,
    NewsletterSubscriberFactory,
    ResearchNewsFactory,
    UserFactory,
)
from tests.factories.exhibitors import BoothFactory, BoothStaffFactory
from tests.factories.mentorship import mentoring_rows_add
from tests.factories.posterqa import PosterQuestionFactory, PosterVoteFactory
from tests.factories.recordings import RecordingFactory
from tests.factories.tournament import tournament_rows_add
from tests.factories.virtual import PosterFactory, TournamentFactory
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db

# What every registration's export reads, whatever the number of rows: see the test at the end.
# 29 since the contact page's messages are exported (the account's addresses, the messages);
# 34 since mentorship's profile, requests, pairings, check-ins and feedback are (five more).
EXPORT_QUERIES = 34
PASSWORD = "correct horse battery staple"

# Email fields that do not name a person, with why. None today: every address the site keeps
# is someone's (an account's, a payer's, a candidate's, a referee's, a subscriber's, an
# email's recipient). A society's role address (a meeting's contact) would go here.
EMAIL_FIELDS_NOT_A_PERSON: dict[str, str] = {}


def _holds_a_person(model) -> list[str]:
    """The fields by which a model names someone: a link to an account, or an address."""
    names = []
    for field in model._meta.get_fields():
        if isinstance(field, models.ForeignKey) and field.related_model is not None:
            if field.related_model._meta.label == settings.AUTH_USER_MODEL:
                names.append(field.name)
        elif (
            isinstance(field, models.EmailField)
            and f"{model._meta.label}.{field.name}" not in EMAIL_FIELDS_NOT_A_PERSON
        ):
            names.append(field.name)
    return names


def _uncovered() -> list[str]:
    covered = personal_data.coverage()
    return sorted(
        f"{model._meta.label} ({', '.join(fields)})"
        for model in apps.get_models()
        if (fields := _holds_a_person(model)) and model._meta.label not in covered
    )


def test_every_model_that_names_a_person_is_exported_erased_or_kept_for_a_reason():
    assert _uncovered() == [], (
        "Say in the app's personal_data.py whether these are exported, erased or kept (and why)"
    )
    known = {model._meta.label for model in apps.get_models()}
    assert sorted(set(personal_data.coverage()) - known) == []
    for holder in personal_data.holders():
        for label, reason in holder.kept.items():
            assert len(reason) > 20, f"{holder.name} keeps {label}: say why"


def test_a_model_no_app_has_decided_about_fails_the_check(monkeypatch):
    holders = {
        name: holder for name, holder in personal_data._holders.items() if name != "meetings"
    }
    monkeypatch.setattr(personal_data, "_holders", holders)
    uncovered = _uncovered()
    assert "meetings.Registration (user)" in uncovered
    assert "meetings.WaitlistEntry (user)" in uncovered


# --- One person with something in every part of the site -------------------------------------


def _member(membership_types):
    user = UserFactory(first_name="Ada", last_name="Lovelace", email="ada@example.org")
    user.set_password(PASSWORD)
    user.save()
    MemberProfileFactory(
        user=user,
        institution="Analytical Engines",
        country="GB",
        career_stage=CareerStage.SENIOR,
        newsletter_opt_in=True,
    )
    payment = membership_checkout(user=user, membership_type=membership_types["regular"])
    payment_services.payment_record_manual(
        payment_id=payment.pk, method="bank_transfer", reference="", actor=None
    )
    return user


def _paid_registration(user, meeting) -> Registration:
    registration = reg.registration_checkout(
        user=user,
        meeting=meeting,
        category=meeting.categories.get(slug="non-member"),
        attendee=reg.Attendee(
            badge_name="Ada Lovelace",
            affiliation="Analytical Engines",
            country="GB",
            accessibility_needs="Step-free access and a hearing loop",
        ),
    )
    payment_services.payment_record_manual(
        payment_id=registration.payment_id, method="bank_transfer", reference="", actor=None
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    return registration


def _cme_claimed(registration) -> CmeClaim:
    meeting = registration.meeting
    AccreditationFactory(
        meeting=meeting, body="EACCME®", credits=18, statement="18 European CME credits."
    )
    after = datetime.combine(
        meeting.end_date + timedelta(days=1), datetime.min.time(), tzinfo=meeting.time_zone
    ) + timedelta(hours=12)
    return cme_claim(
        registration_id=registration.pk,
        credits=Decimal("12.5"),
        evaluation={"overall": "5", "comments": "Loved the IL-6 session"},
        now=after,
    )


def _research_news(user, staff_user) -> ResearchNews:
    item = research_news_submit(
        member=user,
        title="IL-6 signalling in cytokine storms",
        summary="We show how IL-6 trans-signalling drives the storm.",
        paper_url="https://doi.org/10.1038/s41590-021-01012-3",
        doi="10.1038/s41590-021-01012-3",
    )
    return research_news_approve(research_id=item.pk, actor=staff_user)


@pytest.fixture
def ada(open_meeting, staff_user, membership_types):
    user = _member(membership_types)
    record_sign_up(sender=None, request=None, user=user)
    registration = _paid_registration(user, open_meeting)
    _cme_claimed(registration)
    _research_news(user, staff_user)
    NewsletterSubscriberFactory(email="ADA@example.org", name="Ada")
    return user


def test_download_all_your_data_holds_registrations_cme_research_news_and_newsletter(client, ada):
    client.force_login(ada)

    data = json.loads(client.get("/my/export.json").content)

    [registration] = data["meetings"]["registrations"]
    assert registration["meeting"] == "Cytokines Test Meeting"
    assert registration["accessibility_needs"] == "Step-free access and a hearing loop"
    assert registration["status"] == "Confirmed"
    assert registration["cme_claim"]["credits"] == "12.5"
    assert registration["cme_claim"]["evaluation"]["comments"] == "Loved the IL-6 session"
    [research] = data["news"]["research_news"]
    assert (research["title"], research["status"]) == (
        "IL-6 signalling in cytokine storms",
        "Approved",
    )
    assert research["post"].startswith("/news/")
    newsletter = data["news"]["signals_plus"]
    assert newsletter["as_member"] is True
    assert [s["email"] for s in newsletter["subscriptions"]] == ["ADA@example.org"]
    assert data["payments"][0]["status"] == "paid"


def _assert_erased(email: str, meeting) -> None:
    """Nothing names the person; the meeting's income still adds up."""
    assert not Registration.objects.filter(meeting=meeting).exists()
    assert not CmeClaim.objects.exists()
    assert not ResearchNews.objects.exists()
    assert not NewsletterSubscriber.objects.filter(email__iexact=email).exists()
    post = Post.objects.get(title="IL-6 signalling in cytokine storms")
    assert "Lovelace" not in post.summary
    payments = Payment.objects.order_by("pk")
    assert [(p.payer, p.payer_email, p.status) for p in payments] == [
        (None, "erased@invalid", "paid"),  # the membership
        (None, "erased@invalid", "paid"),  # the meeting
    ]
    assert not AuditEntry.objects.filter(object_label__icontains="Lovelace").exists()
    assert not AuditEntry.objects.filter(actor_label__iexact=email).exists()


def test_delete_your_account_erases_registrations_cme_research_news_and_subscriptions(
    client, ada, open_meeting
):
    client.force_login(ada)

    response = client.post("/my/delete/", {"password": PASSWORD, "confirm": "on"}, follow=True)

    assert "Your account has been deleted" in response.content.decode()
    _assert_erased("ada@example.org", open_meeting)


# --- The admin ----------------------------------------------------------------------------------


def _award_applicants(*users):
    """Each begins an award application: the account is what it is 'created by' (protected
    from a plain delete)."""
    program = AwardProgramFactory(
        name="Young Investigator Award", slug="young-investigator", summary="For members."
    )
    cycle = open_cycle_for(program)
    for user in users:
        application_start(cycle=cycle, user=user)


def test_staff_delete_a_user_in_the_admin_through_the_account_erasure(
    admin_client_2fa, staff_user, ada, open_meeting
):
    _award_applicants(ada)
    # Staff had changed the account in the admin before: its history names the person.
    LogEntry.objects.log_actions(
        user_id=staff_user.pk, queryset=type(ada).objects.filter(pk=ada.pk), action_flag=CHANGE
    )
    url = reverse("admin:accounts_user_delete", args=[ada.pk])

    page = admin_client_2fa.get(url).content.decode()
    assert "Cannot delete" not in page and "protected" not in page
    assert "payments stay as anonymous financial records" in page

    response = admin_client_2fa.post(url, {"post": "yes"}, follow=True)

    assert response.status_code == 200
    assert not type(ada).objects.filter(pk=ada.pk).exists()
    _assert_erased("ada@example.org", open_meeting)
    assert AuditEntry.objects.filter(action="account.deleted", data__user_id=ada.pk).exists()
    assert list(LogEntry.objects.values_list("object_repr", flat=True)) == [
        "erased account",  # the deletion
        "erased account",  # the earlier change
    ]


def test_staff_delete_several_users_with_the_admin_action(admin_client_2fa, ada, open_meeting):
    other = UserFactory(first_name="Grace", last_name="Hopper")
    _award_applicants(ada, other)
    changelist = reverse("admin:accounts_user_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [ada.pk, other.pk]}

    page = admin_client_2fa.post(changelist, chosen).content.decode()
    assert "Cannot delete" not in page and "protected" not in page
    assert "Grace Hopper: the account and everything the site holds" in page

    admin_client_2fa.post(changelist, {**chosen, "post": "yes"}, follow=True)

    assert not type(ada).objects.filter(pk__in=[ada.pk, other.pk]).exists()
    _assert_erased("ada@example.org", open_meeting)
    assert AuditEntry.objects.filter(action="account.deleted").count() == 2


def test_the_export_runs_the_same_queries_for_few_and_many_records(ada, open_meeting):
    registration = Registration.objects.get(user=ada)
    category = registration.category

    def grow(n: int) -> None:
        for _ in range(n):
            cancelled = Registration.objects.create(
                meeting=open_meeting,
                user=ada,
                category=category,
                status=Registration.Status.CANCELLED,
                badge_name="Ada Lovelace",
                affiliation="Analytical Engines",
                country="GB",
            )
            CmeClaim.objects.create(registration=cancelled, credits=1, evaluation={})
            open_meeting.waitlist.create(user=ada, category=category, status="left")
            ResearchNewsFactory(
                member=ada, title="More", summary="More.", paper_url="https://example.org/p"
            )
            abstract = AbstractFactory(submitter=ada)
            AuthorFactory(abstract=abstract, user=ada, is_presenting=True)
            AffiliationFactory(abstract=abstract)
            AuthorFactory(user=ada)  # named on someone else's abstract
            AbstractReview.objects.create(abstract=AbstractFactory(), reviewer=ada)
            poster = PosterFactory(presenter=ada)
            PosterQuestionFactory(poster=poster, asker=ada)
            PosterVoteFactory(voter=ada, poster=poster, category__meeting=poster.meeting)
            RecordingFactory().views.create(user=ada, first_watched_at=timezone.now())
            PointEvent.objects.create(
                tournament=tournament,
                user=ada,
                action=Action.POSTER_OPEN,
                object_key=f"posters.poster:{PointEvent.objects.count()}",
                points=5,
                day=open_meeting.start_date,
                created_at=timezone.now(),
            )
            booth = BoothFactory(meeting=open_meeting)
            lead_send(booth=booth, user=ada, share_institution=True, share_country=True, message="")
            BoothStaffFactory(booth=booth, user=ada)
            tournament_rows_add(ada, TournamentFactory())
            mentoring_rows_add(ada, open_meeting)

    tournament = TournamentFactory(meeting=open_meeting)
    assert_queries_at_sizes(
        expected=EXPORT_QUERIES,
        grow=grow,
        action=lambda: personal_data.export_everywhere(user=ada),
    )


def test_staff_refund_an_erased_person_s_payments_in_full(open_meeting, membership_types):
    """The payments stay after the account is erased; refunding them later works and finds
    nothing left to cancel."""
    user = _member(membership_types)
    registration = _paid_registration(user, open_meeting)
    payments = [
        registration.payment_id,
        Payment.objects.exclude(pk=registration.payment_id).get().pk,
    ]
    members_services.account_delete(user=user, actor=user)

    for payment_id in payments:
        payment_services.payment_refund(payment_id=payment_id, amount=None, reason="", actor=None)

    assert set(Payment.objects.values_list("status", flat=True)) == {Payment.Status.REFUNDED}
