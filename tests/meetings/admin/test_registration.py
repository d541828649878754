"""The registration admin: lists, counts, exports, cancellations, free places, announcements."""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from icis.core.models import AuditEntry
from icis.mail.models import OutboundEmail
from icis.payments import services as payment_services
from icis.payments.models import Payment
from meetings.admin import RegistrationAdmin
from meetings.cme_credits import cme_claim
from meetings.member_rate import member_rate_holds
from meetings.models import (
    Announcement,
    CmeClaim,
    PromoCode,
    Registration,
)
from meetings.registration import (
    Attendee,
    registration_cancel,
    registration_checkout,
    registration_grant,
    waitlist_join,
)
from members.models import Membership
from members.services import membership_grant
from tests.factories import (
    AccreditationFactory,
    AnnouncementFactory,
    FormatChangeFactory,
    MeetingFactory,
    PromoCodeFactory,
    UserFactory,
)
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:meetings_registration_changelist"
MANUAL = "admin:meetings_registration_manual"


def category(meeting, slug):
    return meeting.categories.get(slug=slug)


def grant(meeting, slug, *, actor, name="Ada Lovelace", country="GB", user=None, **attendee):
    user = user or UserFactory()
    return registration_grant(
        user=user,
        meeting=meeting,
        category=category(meeting, slug),
        attendee=Attendee(
            badge_name=name, affiliation="Analytical Engines", country=country, **attendee
        ),
        actor=actor,
        reason="Invited speaker",
    )


def paid(meeting, *, actor, name="Paid Person", country="FR"):
    """A non-member who checked out and whose payment staff recorded: confirmed, $750.00."""
    registration = registration_checkout(
        user=UserFactory(),
        meeting=meeting,
        category=category(meeting, "non-member"),
        attendee=Attendee(badge_name=name, affiliation="Institut Pasteur", country=country),
    )
    payment_services.payment_record_manual(
        payment_id=registration.payment_id, method="cheque", reference="T-1", actor=actor
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    return registration


def pending(meeting, *, name="Pending Person"):
    return registration_checkout(
        user=UserFactory(),
        meeting=meeting,
        category=category(meeting, "non-member"),
        attendee=Attendee(badge_name=name, affiliation="Somewhere", country="DE"),
    )


def member(membership_types, staff):
    user = UserFactory()
    membership_grant(user=user, membership_type=membership_types["regular"], actor=staff)
    return user


def other_meeting(meeting):
    return MeetingFactory(
        edition=15,
        name="Cytokines Next",
        slug="cytokines-next",
        start_date=meeting.start_date + timedelta(days=365),
        end_date=meeting.end_date + timedelta(days=365),
    )


def names(response) -> set[str]:
    rows = re.findall(
        r'<th class="field-badge_name">(?:<a [^>]*>)?([^<]+)<', response.content.decode()
    )
    return set(rows)


# --- The list -----------------------------------------------------------------------------------


def test_list_filters_by_meeting_category_status_member_country_and_search(
    admin_client_2fa, open_meeting, staff_user_2fa, membership_types
):
    staff = staff_user_2fa
    grant(
        open_meeting,
        "member",
        actor=staff,
        name="Member Speaker",
        user=member(membership_types, staff),
    )
    paid(open_meeting, actor=staff, name="Paid Nonmember", country="FR")
    pending(open_meeting, name="Waiting Payer")
    url = reverse(CHANGELIST)

    everything = admin_client_2fa.get(url)
    assert everything.status_code == 200
    assert names(everything) == {"Member Speaker", "Paid Nonmember", "Waiting Payer"}

    def listed(query):
        return names(admin_client_2fa.get(f"{url}?{query}"))

    member_category = category(open_meeting, "member")
    assert listed(f"meeting__id__exact={open_meeting.pk}&status__exact=confirmed") == {
        "Member Speaker",
        "Paid Nonmember",
    }
    assert listed(f"category={member_category.pk}") == {"Member Speaker"}
    assert listed("member=yes") == {"Member Speaker"}
    assert listed("member=no") == {"Paid Nonmember", "Waiting Payer"}
    assert listed("country=FR") == {"Paid Nonmember"}
    assert listed("is_complimentary__exact=1") == {"Member Speaker"}
    assert listed("q=Pasteur") == {"Paid Nonmember"}
    assert listed("category=nonsense") == set()


def test_list_shows_amount_member_and_country(admin_client_2fa, open_meeting, staff_user_2fa):
    paid(open_meeting, actor=staff_user_2fa, country="FR")
    page = admin_client_2fa.get(reverse(CHANGELIST)).content.decode()
    # The admin shows every amount with its currency code, as staff type it.
    assert "750.00 USD" in page
    assert "France" in page
    assert 'alt="False"' in page  # not a member


def test_member_column_follows_the_member_rate_rule_of_the_register_page_and_checkout(
    rf, open_meeting, staff_user_2fa, membership_types
):
    """The admin's "member rate" column is the register page's and checkout's rule: a
    membership covering the meeting's dates. In grace, or ending mid-meeting, is not covered."""
    staff = staff_user_2fa
    active = grant(open_meeting, "member", actor=staff, user=member(membership_types, staff))
    never = grant(open_meeting, "non-member", actor=staff)
    in_grace = grant(open_meeting, "member", actor=staff, user=member(membership_types, staff))
    Membership.objects.filter(user=in_grace.user).update(
        end_date=open_meeting.start_date - timedelta(days=10)
    )
    ends_mid_meeting = grant(
        open_meeting, "member", actor=staff, user=member(membership_types, staff)
    )
    Membership.objects.filter(user=ends_mid_meeting.user).update(end_date=open_meeting.start_date)
    lapsed = grant(open_meeting, "member", actor=staff, user=member(membership_types, staff))
    Membership.objects.filter(user=lapsed.user).update(
        start_date=open_meeting.start_date - timedelta(days=400),
        end_date=open_meeting.start_date - timedelta(days=40),
    )
    request = rf.get("/")
    request.user = staff
    model_admin = RegistrationAdmin(Registration, admin.site)
    annotated = {r.pk: r.is_member for r in model_admin.get_queryset(request)}
    expected = {
        registration.pk: member_rate_holds(user=registration.user, meeting=open_meeting)
        for registration in (active, never, in_grace, ends_mid_meeting, lapsed)
    }
    assert expected == {
        active.pk: True,
        never.pk: False,
        in_grace.pk: False,
        ends_mid_meeting.pk: False,
        lapsed.pk: False,
    }
    assert annotated == expected


def test_list_query_count_does_not_grow(
    admin_client_2fa, open_meeting, staff_user_2fa, membership_types
):
    """Session, user and two-factor (3), counts above the list (3: meeting, categories, days),
    filters (2: meetings, categories of the meeting), countries (1), counts (2), the page (1).
    The member column is a subquery, not a query a row."""
    url = f"{reverse(CHANGELIST)}?meeting__id__exact={open_meeting.pk}"
    admin_client_2fa.get(url)

    def grow(count):
        for _ in range(count):
            grant(
                open_meeting,
                "non-member",
                actor=staff_user_2fa,
                user=member(membership_types, staff_user_2fa),
            )

    assert_queries_at_sizes(
        expected=11, grow=grow, action=lambda: admin_client_2fa.get(url).status_code
    )


# --- Counts above the list ----------------------------------------------------------------------


def row_cells(html: str, table_id: str, label: str) -> list[str]:
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', html, re.S).group(1)
    row = re.search(
        rf"<th scope=\"row\">(?:<time[^>]*>)?{re.escape(label)}(?:</time>)?</th>(.*?)</tr>",
        table,
        re.S,
    )
    assert row, f"no row {label!r} in {table_id}"
    return re.findall(r"<td>([^<]*)</td>", row.group(1))


def test_counts_per_category_and_per_day(admin_client_2fa, open_meeting, staff_user_2fa):
    staff = staff_user_2fa
    grant(open_meeting, "member", actor=staff)
    grant(open_meeting, "member", actor=staff)
    paid(open_meeting, actor=staff)
    pending(open_meeting)
    cancelled = grant(open_meeting, "trainee-member", actor=staff)
    registration_cancel(registration_id=cancelled.pk, actor=staff)
    Registration.objects.filter(pk=cancelled.pk).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    old = grant(open_meeting, "member", actor=staff)
    Registration.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=45))
    other = other_meeting(open_meeting)
    other_member = other.categories.create(name="Member", slug="member")
    registration_grant(
        user=UserFactory(),
        meeting=other,
        category=other_member,
        attendee=Attendee(badge_name="Elsewhere", affiliation="X", country="US"),
        actor=staff,
    )

    html = admin_client_2fa.get(
        f"{reverse(CHANGELIST)}?meeting__id__exact={open_meeting.pk}"
    ).content.decode()
    assert "Registrations by category: Cytokines Test Meeting" in html
    # Confirmed, awaiting payment, cancelled.
    assert row_cells(html, "counts-by-category", "Member") == ["3", "0", "0"]
    assert row_cells(html, "counts-by-category", "Non-member") == ["1", "1", "0"]
    assert row_cells(html, "counts-by-category", "Trainee member") == ["0", "0", "1"]
    assert row_cells(html, "counts-by-category", "Trainee non-member") == ["0", "0", "0"]
    assert row_cells(html, "counts-by-category", "Total") == ["4", "1", "1"]
    today = timezone.localdate()
    assert row_cells(html, "counts-by-day", f"{today:%a %-d %b %Y}") == ["4"]
    assert row_cells(html, "counts-by-day", f"{today - timedelta(days=3):%a %-d %b %Y}") == ["1"]
    assert row_cells(html, "counts-by-day", "Total") == ["5"]  # not the one 45 days old
    assert '<th scope="col">Confirmed</th>' in html

    everything = admin_client_2fa.get(reverse(CHANGELIST)).content.decode()
    assert "Registrations by category, all meetings" in everything
    assert row_cells(everything, "counts-by-category", "Member (Cytokines Test Meeting)") == [
        "3",
        "0",
        "0",
    ]
    assert row_cells(everything, "counts-by-category", "Member (Cytokines Next)") == ["1", "0", "0"]
    assert row_cells(everything, "counts-by-category", "Total") == ["5", "1", "1"]
    assert row_cells(everything, "counts-by-day", f"{today:%a %-d %b %Y}") == ["5"]


# --- CSV export ---------------------------------------------------------------------------------


def test_csv_export(admin_client_2fa, open_meeting, staff_user_2fa, membership_types):
    staff = staff_user_2fa
    speaker = grant(
        open_meeting,
        "member",
        actor=staff,
        name="=Dr Speaker",
        user=member(membership_types, staff),
        accessibility_needs="Step-free access",
        list_consent=True,
    )
    payer = paid(open_meeting, actor=staff, name="Paid Nonmember", country="FR")
    response = admin_client_2fa.post(
        reverse(CHANGELIST),
        {"action": "export_csv", "_selected_action": [speaker.pk, payer.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = {row["email"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    first = rows[speaker.user.email]
    assert first["badge_name"] == "'=Dr Speaker"  # never a spreadsheet formula
    assert first["given_name"] == speaker.user.first_name
    assert first["family_name"] == speaker.user.last_name
    assert first["category"] == "Member"
    assert first["status"] == "confirmed"
    assert first["amount"] == "0.00"
    assert first["accessibility_needs"] == "Step-free access"
    assert first["list_consent"] == "yes"
    assert first["member"] == "yes"
    assert first["created"].startswith(f"{timezone.localdate():%Y-%m-%d}")
    second = rows[payer.user.email]
    assert (second["amount"], second["currency"], second["country"]) == ("750.00", "USD", "FR")
    assert (second["affiliation"], second["member"], second["list_consent"]) == (
        "Institut Pasteur",
        "no",
        "no",
    )


# --- Cancel ---------------------------------------------------------------------------------------


def cancel(client, *registrations, apply=True):
    data = {"action": "cancel_by_policy", "_selected_action": [r.pk for r in registrations]}
    if apply:
        data["apply"] = "1"
    return client.post(reverse(CHANGELIST), data, follow=apply)


def test_cancel_asks_first_and_shows_what_happens(admin_client_2fa, open_meeting, staff_user_2fa):
    free = grant(open_meeting, "member", actor=staff_user_2fa, name="Free Speaker")
    payer = paid(open_meeting, actor=staff_user_2fa, name="Paid Nonmember")
    page = cancel(admin_client_2fa, free, payer, apply=False).content.decode()
    assert "No refund: nothing was paid." in page
    assert "Refund 750.00 USD (100% under the policy)." in page
    assert 'value="Cancel 2 registrations"' in page
    free.refresh_from_db()
    assert free.status == Registration.Status.CONFIRMED  # nothing happened yet


def test_cancel_a_free_place_refunds_nothing_and_is_audited(
    admin_client_2fa, open_meeting, staff_user_2fa
):
    free = grant(open_meeting, "member", actor=staff_user_2fa)
    page = cancel(admin_client_2fa, free).content.decode()
    assert "Cancelled 1 registration; refunded nothing." in page
    free.refresh_from_db()
    assert free.status == Registration.Status.CANCELLED
    assert free.refunded_amount == 0
    entry = AuditEntry.objects.get(action="registration.cancelled", object_id=str(free.pk))
    assert entry.actor == staff_user_2fa
    assert entry.data == {"refund": 0, "percent": 100}
    assert OutboundEmail.objects.filter(dedupe_key=f"registration:{free.pk}:cancelled").exists()


def test_cancel_a_paid_place_refunds_by_policy(admin_client_2fa, open_meeting, staff_user_2fa):
    payer = paid(open_meeting, actor=staff_user_2fa)
    page = cancel(admin_client_2fa, payer).content.decode()
    assert "Cancelled 1 registration; refunded 750.00 USD." in page
    payer.refresh_from_db()
    assert (payer.status, payer.refunded_amount) == (Registration.Status.CANCELLED, 75000)
    assert Payment.objects.get(pk=payer.payment_id).status == Payment.Status.REFUNDED
    assert AuditEntry.objects.filter(
        action="registration.cancelled", object_id=str(payer.pk), actor=staff_user_2fa
    ).exists()


def test_cancel_refusals_are_shown(admin_client_2fa, open_meeting, staff_user_2fa):
    already = grant(open_meeting, "member", actor=staff_user_2fa, name="Gone Already")
    cancel(admin_client_2fa, already)
    page = cancel(admin_client_2fa, already).content.decode()
    assert "Gone Already" in page and "This registration is already cancelled." in page
    assert "Cancelled 1" not in page


# --- Register someone free ----------------------------------------------------------------------


def manual_data(meeting, slug="member", **overrides):
    return {
        "meeting": meeting.pk,
        "category": category(meeting, slug).pk,
        "email": "speaker@example.org",
        "badge_name": "Invited Speaker",
        "affiliation": "Karolinska",
        "country": "SE",
        "reason": "Keynote speaker",
        **overrides,
    }


def test_the_changelist_links_to_the_manual_registration(admin_client_2fa, open_meeting):
    html = admin_client_2fa.get(
        f"{reverse(CHANGELIST)}?meeting__id__exact={open_meeting.pk}"
    ).content.decode()
    assert f'href="{reverse(MANUAL)}?meeting={open_meeting.pk}"' in html
    assert "Register someone free" in html
    form = admin_client_2fa.get(f"{reverse(MANUAL)}?meeting={open_meeting.pk}").content.decode()
    assert f'<option value="{open_meeting.pk}" selected>' in form


def test_manual_registration_of_an_unknown_address_is_refused_in_place(
    admin_client_2fa, open_meeting
):
    response = admin_client_2fa.post(
        reverse(MANUAL), manual_data(open_meeting, email="nobody@example.org")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is no account with the address nobody@example.org." in html
    assert 'value="Invited Speaker"' in html  # what was typed is kept
    assert not Registration.objects.exists()


def test_manual_registration_registers_free_and_audits(
    admin_client_2fa, open_meeting, staff_user_2fa
):
    speaker = UserFactory(email="Speaker@Example.org")
    response = admin_client_2fa.post(reverse(MANUAL), manual_data(open_meeting), follow=True)
    assert response.redirect_chain[-1][0] == (
        f"{reverse(CHANGELIST)}?meeting__id__exact={open_meeting.pk}"
    )
    assert "Registered Invited Speaker (Speaker@Example.org) free" in response.content.decode()
    registration = Registration.objects.get(user=speaker)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.is_complimentary and registration.amount == 0
    assert (registration.badge_name, registration.country.code) == ("Invited Speaker", "SE")
    entry = AuditEntry.objects.get(action="registration.granted")
    assert entry.actor == staff_user_2fa and entry.data == {"reason": "Keynote speaker"}


def test_manual_registration_refuses_a_category_of_another_meeting(admin_client_2fa, open_meeting):
    UserFactory(email="speaker@example.org")
    other = other_meeting(open_meeting)
    response = admin_client_2fa.post(
        reverse(MANUAL), manual_data(open_meeting) | {"meeting": other.pk}
    )
    assert "Member is a category of Cytokines Test Meeting." in response.content.decode()
    assert not Registration.objects.exists()


def test_manual_registration_when_full_shows_sold_out(
    admin_client_2fa, open_meeting, staff_user_2fa
):
    open_meeting.registration.capacity = 1
    open_meeting.registration.save()
    grant(open_meeting, "non-member", actor=staff_user_2fa)
    UserFactory(email="speaker@example.org")
    response = admin_client_2fa.post(reverse(MANUAL), manual_data(open_meeting))
    assert response.status_code == 200
    assert "Member is full." in response.content.decode()
    assert Registration.objects.count() == 1


def test_manual_registration_of_someone_registered_already(
    admin_client_2fa, open_meeting, staff_user_2fa
):
    speaker = UserFactory(email="speaker@example.org")
    grant(open_meeting, "non-member", actor=staff_user_2fa, user=speaker)
    response = admin_client_2fa.post(reverse(MANUAL), manual_data(open_meeting))
    assert "speaker@example.org is already registered for Cytokines Test Meeting." in (
        response.content.decode()
    )


# --- Announcements ------------------------------------------------------------------------------


@pytest.fixture
def announcement(open_meeting):
    return AnnouncementFactory(
        meeting=open_meeting, subject="Venue change", body="We move to **Hall B**."
    )


def sent_for(announcement):
    return OutboundEmail.objects.filter(dedupe_key__startswith=f"announcement:{announcement.pk}:")


def send(client, announcement):
    return client.post(
        reverse("admin:meetings_announcement_send", args=[announcement.pk]),
        {"confirm": "1"},
        follow=True,
    )


def test_announcement_page_previews_and_counts(
    admin_client_2fa, open_meeting, staff_user_2fa, announcement
):
    grant(open_meeting, "member", actor=staff_user_2fa)
    grant(open_meeting, "non-member", actor=staff_user_2fa)
    pending(open_meeting)
    html = admin_client_2fa.get(
        reverse("admin:meetings_announcement_change", args=[announcement.pk])
    ).content.decode()
    assert "We move to <strong>Hall B</strong>." in html
    assert "2 confirmed registrants in all categories." in html
    assert "Send to 2 registrants" in html
    assert reverse("admin:meetings_announcement_test", args=[announcement.pk]) in html


def test_announcement_test_goes_to_the_staff_member_only(
    admin_client_2fa, open_meeting, staff_user_2fa, announcement
):
    grant(open_meeting, "member", actor=staff_user_2fa)
    response = admin_client_2fa.post(
        reverse("admin:meetings_announcement_test", args=[announcement.pk]), follow=True
    )
    assert f"is queued to {staff_user_2fa.email}" in response.content.decode()
    email = OutboundEmail.objects.get(template="meetings/email/announcement")
    assert email.to_email == staff_user_2fa.email
    assert email.subject == "[Test] [Cytokines Test Meeting] Venue change"
    assert not sent_for(announcement).exists()
    announcement.refresh_from_db()
    assert announcement.sent_at is None
    assert (
        admin_client_2fa.get(
            reverse("admin:meetings_announcement_test", args=[announcement.pk])
        ).status_code
        == 405
    )


def test_announcement_send_asks_first_then_queues_one_per_confirmed_registrant(
    admin_client_2fa, open_meeting, staff_user_2fa, announcement
):
    one = grant(open_meeting, "member", actor=staff_user_2fa)
    two = paid(open_meeting, actor=staff_user_2fa)
    pending(open_meeting)
    gone = grant(open_meeting, "non-member", actor=staff_user_2fa)
    registration_cancel(registration_id=gone.pk, actor=staff_user_2fa)

    confirm = admin_client_2fa.get(
        reverse("admin:meetings_announcement_send", args=[announcement.pk])
    ).content.decode()
    assert "[Cytokines Test Meeting] Venue change" in confirm
    assert 'value="Send to 2 registrants"' in confirm
    assert not sent_for(announcement).exists()

    response = send(admin_client_2fa, announcement)
    assert "Queued 2 emails." in response.content.decode()
    assert sorted(sent_for(announcement).values_list("to_email", flat=True)) == sorted(
        [one.user.email, two.user.email]
    )
    announcement.refresh_from_db()
    assert announcement.sent_by == staff_user_2fa and announcement.recipients == 2
    html = response.content.decode()
    assert "Sent" in html and 'name="subject"' not in html  # the sent text is read-only


def test_announcement_sent_twice_reaches_nobody_twice(
    admin_client_2fa, open_meeting, staff_user_2fa, announcement
):
    grant(open_meeting, "member", actor=staff_user_2fa)
    grant(open_meeting, "member", actor=staff_user_2fa)
    send(admin_client_2fa, announcement)
    again = send(admin_client_2fa, announcement).content.decode()
    assert "Queued 0 emails: everyone has it already." in again
    assert sent_for(announcement).count() == 2
    confirm = admin_client_2fa.get(
        reverse("admin:meetings_announcement_send", args=[announcement.pk])
    ).content.decode()
    assert "Everyone it is for has it already." in confirm

    late = grant(open_meeting, "non-member", actor=staff_user_2fa)
    assert "Queued 1 email." in send(admin_client_2fa, announcement).content.decode()
    assert sent_for(announcement).count() == 3
    assert sent_for(announcement).filter(to_email=late.user.email).count() == 1


def test_announcement_to_one_category(admin_client_2fa, open_meeting, staff_user_2fa):
    trainee = grant(open_meeting, "trainee-member", actor=staff_user_2fa)
    grant(open_meeting, "member", actor=staff_user_2fa)
    announcement = AnnouncementFactory(
        meeting=open_meeting,
        subject="Trainee lunch",
        body="Noon.",
        category=category(open_meeting, "trainee-member"),
    )
    assert "Queued 1 email." in send(admin_client_2fa, announcement).content.decode()
    assert list(sent_for(announcement).values_list("to_email", flat=True)) == [trainee.user.email]


def test_announcement_is_written_in_the_admin_and_audited(
    admin_client_2fa, open_meeting, staff_user_2fa
):
    response = admin_client_2fa.post(
        reverse("admin:meetings_announcement_add"),
        {
            "meeting": open_meeting.pk,
            "subject": "Posters",
            "body": "Hang them by *nine*.",
            "category": category(open_meeting, "member").pk,
        },
    )
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert AuditEntry.objects.filter(
        action="announcement.create", object_id=str(announcement.pk)
    ).exists()


def test_draft_an_announcement_of_the_latest_format_change(
    admin_client_2fa, open_meeting, staff_user_2fa
):
    FormatChangeFactory(
        meeting=open_meeting,
        changed_on=timezone.localdate() - timedelta(days=20),
        from_format="in_person",
        to_format="hybrid",
        title="Now hybrid",
        explanation="Old news.",
    )
    FormatChangeFactory(
        meeting=open_meeting,
        changed_on=timezone.localdate(),
        from_format="hybrid",
        to_format="virtual",
        title="Cytokines goes fully virtual",
        explanation="Travel is *not* possible.",
    )
    response = admin_client_2fa.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "draft_format_change_announcement", "_selected_action": [open_meeting.pk]},
    )
    announcement = Announcement.objects.get()
    assert response.url == reverse("admin:meetings_announcement_change", args=[announcement.pk])
    assert (announcement.subject, announcement.body) == (
        "Cytokines goes fully virtual",
        "Travel is *not* possible.",
    )
    assert announcement.sent_at is None
    entry = AuditEntry.objects.get(action="announcement.create")
    assert entry.actor == staff_user_2fa and entry.object_id == str(announcement.pk)


# --- The other registration admins open with data in them -----------------------------------------


def test_every_registration_admin_page_opens_with_data(
    admin_client_2fa, open_meeting, staff_user_2fa
):
    staff = staff_user_2fa
    attendee = grant(open_meeting, "member", actor=staff)
    AccreditationFactory(
        meeting=open_meeting, body="EACCME", credits=Decimal("12.0"), statement="Granted."
    )
    claim = cme_claim(
        registration_id=attendee.pk,
        credits=Decimal("10.5"),
        evaluation={"useful": "yes"},
        now=timezone.now() + timedelta(days=120),
    )
    open_meeting.registration.capacity = 1
    open_meeting.registration.save()
    entry = waitlist_join(
        user=UserFactory(), meeting=open_meeting, category=category(open_meeting, "member")
    )
    promo = PromoCodeFactory(meeting=open_meeting, code="SPEAKER", percent_off=100)
    announcement = AnnouncementFactory(meeting=open_meeting, subject="Hi", body="Hello")
    for name, obj in [
        ("registration", attendee),
        ("cmeclaim", claim),
        ("waitlistentry", entry),
        ("promocode", promo),
        ("registrationcategory", category(open_meeting, "member")),
        ("announcement", announcement),
        ("meeting", open_meeting),
    ]:
        changelist = reverse(f"admin:meetings_{name}_changelist")
        assert admin_client_2fa.get(changelist).status_code == 200, changelist
        change = reverse(f"admin:meetings_{name}_change", args=[obj.pk])
        assert admin_client_2fa.get(change).status_code == 200, change
    registration_page = admin_client_2fa.get(
        reverse("admin:meetings_registration_change", args=[attendee.pk])
    ).content.decode()
    assert "registration.granted" in registration_page  # its audit trail
    assert 'name="_save"' not in registration_page  # read-only


def test_cme_claims_export_per_attendee(admin_client_2fa, open_meeting, staff_user_2fa):
    attendee = grant(open_meeting, "member", actor=staff_user_2fa, name="Claiming Doctor")
    AccreditationFactory(
        meeting=open_meeting, body="EACCME", credits=Decimal("12.0"), statement="Granted."
    )
    claim = cme_claim(
        registration_id=attendee.pk,
        credits=Decimal("10.5"),
        evaluation={},
        now=timezone.now() + timedelta(days=120),
    )
    response = admin_client_2fa.post(
        reverse("admin:meetings_cmeclaim_changelist"),
        {"action": "export_csv", "_selected_action": [claim.pk]},
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    assert rows[0]["badge_name"] == "Claiming Doctor"
    assert rows[0]["email"] == attendee.user.email
    assert rows[0]["credits"] == "10.5"
    assert rows[0]["meeting"] == "Cytokines Test Meeting"
    assert CmeClaim.objects.count() == 1


def test_promo_code_list_counts_places_held_with_the_code(
    admin_client_2fa, open_meeting, staff_user_2fa
):
    promo = PromoCodeFactory(meeting=open_meeting, code="HALF", percent_off=50, max_uses=5)
    for _ in range(2):
        registration_checkout(
            user=UserFactory(),
            meeting=open_meeting,
            category=category(open_meeting, "non-member"),
            attendee=Attendee(badge_name="Half Price", affiliation="X", country="GB"),
            promo_code="half",
        )
    html = admin_client_2fa.get(reverse("admin:meetings_promocode_changelist")).content.decode()
    assert "2 / 5" in html
    assert "50%" in html
    assert promo.registrations.count() == 2


def test_promo_code_form_explains_its_rules(admin_client_2fa, open_meeting):
    PromoCodeFactory(meeting=open_meeting, code="TAKEN", amount_off=1000)
    response = admin_client_2fa.post(
        reverse("admin:meetings_promocode_add"),
        {
            "meeting": open_meeting.pk,
            "code": "taken",
            "percent_off": "10",
            "amount_off": "500",
            "max_uses": "1",
            "is_active": "on",
        },
    )
    html = response.content.decode()
    assert "Give either a percent off or an amount off (not both)." in html
    assert "Cytokines Test Meeting already has the code TAKEN." in html
    assert PromoCode.objects.count() == 1


def test_a_fee_must_use_a_window_of_the_categorys_meeting(
    admin_client_2fa, open_meeting, staff_user_2fa
):
    other = other_meeting(open_meeting)
    elsewhere = other.fee_windows.create(name="Early bird", ends_on=other.start_date)
    response = admin_client_2fa.post(
        reverse("admin:meetings_registrationcategory_add"),
        {
            "meeting": open_meeting.pk,
            "name": "Student",
            "slug": "student",
            "description": "",
            "is_public": "on",
            "capacity": "",
            "ordering": "10",
            "fees-TOTAL_FORMS": "1",
            "fees-INITIAL_FORMS": "0",
            "fees-MIN_NUM_FORMS": "0",
            "fees-MAX_NUM_FORMS": "1000",
            "fees-0-window": elsewhere.pk,
            "fees-0-amount": "1000",
        },
    )
    assert response.status_code == 200
    assert "is a fee window of another meeting" in response.content.decode()
    assert not open_meeting.categories.filter(slug="student").exists()


def test_price_changes_in_the_category_page_are_audited(
    admin_client_2fa, open_meeting, staff_user_2fa
):
    member_category = category(open_meeting, "member")
    early, regular = member_category.fees.order_by("window__ends_on")
    data = {
        "meeting": open_meeting.pk,
        "name": "Member",
        "slug": "member",
        "description": "",
        "requires_membership": "on",
        "is_public": "on",
        "capacity": "",
        "ordering": "0",
        "fees-TOTAL_FORMS": "2",
        "fees-INITIAL_FORMS": "2",
        "fees-MIN_NUM_FORMS": "0",
        "fees-MAX_NUM_FORMS": "1000",
    }
    for index, (fee, amount) in enumerate([(early, "400.00"), (regular, "550.00")]):
        data |= {
            f"fees-{index}-id": fee.pk,
            f"fees-{index}-category": member_category.pk,
            f"fees-{index}-window": fee.window_id,
            f"fees-{index}-amount": amount,
        }
    response = admin_client_2fa.post(
        reverse("admin:meetings_registrationcategory_change", args=[member_category.pk]), data
    )
    assert response.status_code == 302
    early.refresh_from_db()
    assert early.amount == 40000
    entry = AuditEntry.objects.get(action="fee.change")
    assert entry.object_id == str(early.pk) and entry.data == {"fields": ["amount"]}
    assert entry.actor == staff_user_2fa
    assert not AuditEntry.objects.filter(action="fee.change", object_id=str(regular.pk)).exists()


def form_data(form) -> dict:
    """What the browser posts back for an unchanged form."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, list | tuple):
            value = [str(item) for item in value]
        elif hasattr(value, "pk"):
            value = value.pk
        elif not isinstance(value, str | int | date):
            value = str(value)
        if getattr(field.widget, "input_type", "") == "file":
            continue
        data[form.add_prefix(name)] = value
    return data


def test_the_meeting_page_edits_registration_settings_with_an_audit(
    admin_client_2fa, open_meeting, staff_user_2fa
):
    # The registration settings and refund policy are the meeting's "Registration" section.
    url = reverse("admin:meetings_meeting_change", args=[open_meeting.pk]) + "?section=registration"
    page = admin_client_2fa.get(url)
    data = form_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= {
            f"{formset.prefix}-TOTAL_FORMS": len(formset.initial_forms),
            f"{formset.prefix}-INITIAL_FORMS": len(formset.initial_forms),
            f"{formset.prefix}-MIN_NUM_FORMS": 0,
            f"{formset.prefix}-MAX_NUM_FORMS": 1000,
        }
        for form in formset.initial_forms:
            data |= form_data(form)
    assert "registration-0-capacity" not in data  # unlimited
    data["registration-0-capacity"] = 300
    data["refund_rules-TOTAL_FORMS"] = 3
    data |= {
        "refund_rules-2-until": f"{open_meeting.start_date:%Y-%m-%d}",
        "refund_rules-2-percent": 25,
    }

    response = admin_client_2fa.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    open_meeting.registration.refresh_from_db()
    assert open_meeting.registration.capacity == 300
    assert open_meeting.refund_rules.filter(percent=25, until=open_meeting.start_date).exists()
    actions = set(AuditEntry.objects.filter(actor=staff_user_2fa).values_list("action", flat=True))
    assert {"meeting.change", "registrationsettings.change", "refundrule.create"} <= actions
    settings_entry = AuditEntry.objects.get(action="registrationsettings.change")
    assert settings_entry.data == {"fields": ["capacity"]}
