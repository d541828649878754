"""The record of renewal notices sent: a notice goes to a term once, whatever becomes of its
email; staff see which notices a member got; the member's export lists them; the table starts
from what the outbox already held."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from icis.mail.models import OutboundEmail
from members.autorenew import autorenewals_run
from members.models import Membership, RenewalNoticeSent
from members.notices import notices_queue
from members.services import member_export
from tests.factories import UserFactory, member_with_term
from tests.members.test_auto_renew import CHARGE_DAY, _save_card
from tests.members.test_auto_renew import member as member  # a fixture
from tests.payments.stripe_browser import DECLINED_AT_CHARGE
from tests.querycount import assert_queries_at_sizes

END = date(2027, 3, 31)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 7, tzinfo=UTC)


def _term(membership_types, *, first_name="Ada", end=END) -> Membership:
    return member_with_term(
        ends_on=end,
        membership_type=membership_types["regular"],
        user=UserFactory(first_name=first_name),
        institution="X",
    )


def _reminders_to(term) -> list[str]:
    return list(
        OutboundEmail.objects.filter(to_email=term.user.email).values_list("subject", flat=True)
    )


@pytest.mark.django_db
def test_a_notice_sent_is_not_sent_again_after_its_email_is_pruned(membership_types):
    term = _term(membership_types)
    notices_queue(now=at(END - timedelta(days=7)))
    assert _reminders_to(term) == ["[ICIS] Your membership ends on 31 March 2027"]

    # The outbox is pruned of old emails; the schedule runs again later the same day.
    OutboundEmail.objects.all().delete()
    report = notices_queue(now=at(END - timedelta(days=7)) + timedelta(hours=6))

    assert report.queued == 0
    assert _reminders_to(term) == []
    assert list(term.renewal_notices.values_list("notice", "queued_at")) == [
        ("reminder-7", at(END - timedelta(days=7)))
    ]


@pytest.mark.django_db
def test_a_notice_another_run_recorded_first_is_not_queued_by_this_one(membership_types):
    """Two runs at once: the one that records the notice sends it; the other skips the term,
    even before the first run's email is in the outbox."""
    first, second = _term(membership_types), _term(membership_types, first_name="Grace")
    RenewalNoticeSent.objects.create(
        membership=first, notice="reminder-7", queued_at=at(END - timedelta(days=7))
    )

    report = notices_queue(now=at(END - timedelta(days=7)))

    assert report.by_notice["reminder-7"] == 1
    assert _reminders_to(first) == []
    assert _reminders_to(second) == ["[ICIS] Your membership ends on 31 March 2027"]


@pytest.mark.django_db
def test_a_declined_automatic_renewal_is_recorded_with_the_term_s_notices(member):
    _save_card(member, DECLINED_AT_CHARGE)
    autorenewals_run(now=at(CHARGE_DAY))
    autorenewals_run(now=at(CHARGE_DAY))

    term = Membership.objects.confirmed().get(user=member)
    assert list(term.renewal_notices.values_list("notice", flat=True)) == ["autorenew-failed-0"]
    assert OutboundEmail.objects.filter(dedupe_key=f"renewal:{term.pk}:autorenew-failed-0").exists()


@pytest.mark.django_db
def test_staff_see_the_notices_a_term_was_sent_even_once_its_email_is_pruned(
    admin_client_2fa, membership_types
):
    term = _term(membership_types)
    notices_queue(now=at(END - timedelta(days=30)))
    notices_queue(now=at(END - timedelta(days=7)))
    OutboundEmail.objects.filter(dedupe_key__endswith=":reminder-30").delete()
    email = OutboundEmail.objects.get(dedupe_key__endswith=":reminder-7")

    page = admin_client_2fa.get(
        reverse("admin:members_membership_change", args=[term.pk])
    ).content.decode()

    assert "reminder-30: queued 01 Mar 2027 07:00; its email is no longer in the outbox" in page
    assert reverse("admin:mail_outboundemail_change", args=[email.pk]) in page
    assert "Your membership ends on 31 March 2027</a>: queued" in page


@pytest.mark.django_db
def test_the_list_of_notices_sent_is_searchable_in_a_fixed_number_of_queries(
    admin_client_2fa, membership_types
):
    url = reverse("admin:members_renewalnoticesent_changelist")
    made = []

    def grow(count: int) -> None:
        for n in range(count):
            made.append(_term(membership_types, first_name=f"Member{len(made)}-{n}"))
            RenewalNoticeSent.objects.create(membership=made[-1], notice="ended", queued_at=at(END))

    def page():
        response = admin_client_2fa.get(url)
        assert response.status_code == 200
        return response.content.decode()

    # The session and the staff member; the counts (all, and as filtered); the page of rows,
    # each with its member and term; the dates to browse by and the notices to filter by.
    assert_queries_at_sizes(expected=8, grow=grow, action=page)
    assert made[0].user.email in page()
    found = admin_client_2fa.get(url, {"q": made[0].user.email}).content.decode()
    assert "1 renewal notice sent" in found


@pytest.mark.django_db
def test_the_member_s_export_lists_the_notices_each_term_was_sent(membership_types):
    term = _term(membership_types)
    notices_queue(now=at(END - timedelta(days=7)))

    exported = member_export(user=term.user)

    assert exported["memberships"][0]["renewal_notices"] == [
        {"notice": "reminder-7", "queued": "2027-03-24T07:00:00+00:00"}
    ]


BEFORE = [("members", "0004_membership_prices_per_currency")]
AFTER = [("members", "0005_renewal_notices_sent")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_records_the_notices_the_outbox_holds():
    """A member reminded before the upgrade is not reminded again after it."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state([*BEFORE, ("mail", "0003_outboundemail_attachments")]).apps
    user = old.get_model("accounts", "User").objects.create(email="ada@example.org", password="!")
    old.get_model("members", "MemberProfile").objects.create(
        user=user, institution="X", country="GB", career_stage="senior"
    )
    kind = old.get_model("members", "MembershipType").objects.create(
        name="Regular", slug="regular", term_months=12
    )
    term = old.get_model("members", "Membership").objects.create(
        user=user,
        membership_type=kind,
        source="import",
        start_date=END - timedelta(days=364),
        end_date=END,
        confirmed_at=at(END - timedelta(days=364)),
    )
    Email = old.get_model("mail", "OutboundEmail")
    for key in [
        f"renewal:{term.pk}:reminder-30",
        f"renewal:{term.pk}:autorenew-failed-0",
        f"renewal:{term.pk + 1000}:reminder-30",  # a term deleted since
        f"research-news:{term.pk}:published",
    ]:
        Email.objects.create(
            to_email="ada@example.org",
            from_email="office@example.org",
            subject="A notice",
            body_text="Text",
            dedupe_key=key,
            created_at=at(END - timedelta(days=30)),
        )
    try:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        Sent = new.get_model("members", "RenewalNoticeSent")
        assert sorted(Sent.objects.values_list("membership_id", "notice", "queued_at")) == [
            (term.pk, "autorenew-failed-0", at(END - timedelta(days=30))),
            (term.pk, "reminder-30", at(END - timedelta(days=30))),
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    Email.objects.filter(dedupe_key__startswith="renewal:").delete()
    notices_queue(now=at(END - timedelta(days=29)))
    assert not OutboundEmail.objects.filter(dedupe_key__startswith="renewal:").exists()
