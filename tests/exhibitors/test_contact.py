""" "Contact me": the attendee shares exactly what they choose, agrees to a text stored word for
word, may withdraw; only the booth's staff (and staff) read and export the requests."""

import csv
import io

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from icis.core.models import AuditEntry
from meetings.exhibitors import services
from meetings.exhibitors.audit import ExhibitorAction
from meetings.exhibitors.models import Lead
from tests.factories.accounts import UserFactory
from tests.factories.exhibitors import BoothFactory, booth_staff_of
from tests.factories.virtual import attendee_of
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db


def _url(name, booth, **extra):
    kwargs = {"slug": booth.sponsor.meeting.slug, "booth_id": booth.pk, **extra}
    return reverse(f"exhibitors:{name}", kwargs=kwargs)


def _send(client, booth, **data):
    return client.post(_url("contact", booth), data)


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_only_the_details_ticked_are_shared_with_the_consent_text_shown(client, booth, attendee):
    client.force_login(attendee)
    page = client.get(_url("booth", booth)).content.decode()
    consent = services.consent_text(booth)
    assert escape(consent) in page
    assert "My institution: Cardiff University" in page

    response = _send(client, booth, share_country="on", message="Please send the catalogue.")

    assert response.status_code == 302
    lead = Lead.objects.get(booth=booth, user=attendee)
    assert (lead.name, lead.email) == ("Grace Hopper", "grace@example.org")
    assert lead.institution == ""
    assert lead.country == "United Kingdom"
    assert lead.message == "Please send the catalogue."
    assert lead.consent_text == consent
    mine = client.get(_url("booth", booth)).content.decode()
    assert "You asked Example Reagents Ltd (fictional) to contact you" in mine
    assert "Cardiff University" not in mine.split("Withdraw my request")[0].split("They see:")[1]


def test_details_are_kept_as_they_were_when_sent(client, meeting, booth, attendee):
    client.force_login(attendee)
    _send(client, booth, share_institution="on")
    attendee.registrations.update(affiliation="Elsewhere Institute")
    assert Lead.objects.get().institution == "Cardiff University"


def test_asking_again_updates_the_one_request(client, booth, attendee):
    client.force_login(attendee)
    _send(client, booth, share_institution="on", message="First")
    response = _send(client, booth, message="Second")
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert (lead.institution, lead.message) == ("", "Second")
    page = client.get(_url("booth", booth), follow=True)
    assert b"Update my request" in page.content
    with pytest.raises(IntegrityError):
        Lead.objects.create(
            booth=booth,
            user=attendee,
            name="x",
            email="x@example.org",
            consent_text="x",
            created_at=lead.created_at,
            updated_at=lead.updated_at,
        )


def test_the_attendee_withdraws_their_request_and_the_booth_no_longer_sees_it(
    client, booth, attendee
):
    staffer = booth_staff_of(booth)
    client.force_login(attendee)
    _send(client, booth)
    assert client.post(_url("contact_withdraw", booth)).status_code == 302
    assert not Lead.objects.exists()
    client.force_login(staffer)
    assert b"grace@example.org" not in client.get(_url("leads", booth)).content


def test_a_message_too_long_is_refused_in_place_and_kept(client, booth, attendee):
    client.force_login(attendee)
    response = _send(client, booth, message="x" * 501, share_country="on")
    assert response.status_code == 400
    assert b"at most 500 characters" in response.content
    assert b"x" * 501 in response.content
    assert not Lead.objects.exists()


def test_booth_staff_read_and_export_only_their_booth_s_requests_and_only_what_was_shared(
    client, meeting, booth, attendee
):
    other_booth = BoothFactory(meeting=meeting)
    client.force_login(attendee)
    _send(client, booth, share_country="on", message="=cmd|' /C calc'!A0")
    _send(client, other_booth, share_institution="on")
    staffer = booth_staff_of(booth)
    client.force_login(staffer)

    page = client.get(_url("leads", booth))
    assert page.status_code == 200
    assert b"grace@example.org" in page.content
    assert b"Cardiff University" not in page.content  # not shared with this booth
    export = client.get(_url("leads_csv", booth))
    assert export["Cache-Control"] == "private, no-store"
    [row] = _csv(export)
    assert row["Email"] == "grace@example.org"
    assert row["Institution"] == ""
    assert row["Country"] == "United Kingdom"
    assert row["Message"] == "'=cmd|' /C calc'!A0"
    entry = AuditEntry.objects.get(action=ExhibitorAction.LEADS_EXPORTED)
    assert (entry.actor, entry.data) == (staffer, {"rows": 1})

    assert client.get(_url("leads", other_booth)).status_code == 403
    assert client.get(_url("leads_csv", other_booth)).status_code == 403


def test_booth_staff_who_attend_still_see_only_their_booth(client, meeting, booth, attendee):
    other_booth = BoothFactory(meeting=meeting)
    staffer = attendee_of(meeting)
    booth_staff_of(booth).booth_links.update(user=staffer)
    client.force_login(staffer)
    assert client.get(_url("leads", booth)).status_code == 200
    assert client.get(_url("leads", other_booth)).status_code == 403
    assert client.get(_url("leads_csv", other_booth)).status_code == 403


def test_attendees_and_strangers_cannot_read_requests_but_staff_see_every_booth(
    admin_client_2fa, booth, attendee
):
    client = Client()
    client.force_login(attendee)
    _send(client, booth)
    assert client.get(_url("leads", booth)).status_code == 403
    assert client.get(_url("leads_csv", booth)).status_code == 403
    client.force_login(UserFactory())
    assert client.get(_url("leads", booth)).status_code == 403
    assert admin_client_2fa.get(_url("leads", booth)).status_code == 200
    assert len(_csv(admin_client_2fa.get(_url("leads_csv", booth)))) == 1


def test_only_attendees_send_requests(admin_client_2fa, booth):
    assert admin_client_2fa.post(_url("contact", booth)).status_code == 403
    client = Client()
    client.force_login(booth_staff_of(booth))
    assert client.post(_url("contact", booth)).status_code == 403
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"message": "\x00"},
        {"message": ["a", "b"]},
        {"share_institution": "<script>", "share_country": "x" * 10000},
        {"message": "é" * 500},
    ],
)
def test_bad_input_never_fails_the_server(client, booth, attendee, data):
    client.force_login(attendee)
    assert client.post(_url("contact", booth), data).status_code in (302, 400)


LEADS_PAGE_QUERIES = 6


def test_the_requests_page_and_export_run_the_same_queries_for_2_and_20_requests(
    client, meeting, booth
):
    client.force_login(booth_staff_of(booth))

    def grow(n: int) -> None:
        for _ in range(n):
            services.lead_send(
                booth=booth,
                user=attendee_of(meeting),
                share_institution=True,
                share_country=True,
                message="Hello",
            )

    def page():
        assert client.get(_url("leads", booth)).status_code == 200

    assert_queries_at_sizes(expected=LEADS_PAGE_QUERIES, grow=grow, action=page, sizes=(2, 18))
    assert len(_csv(client.get(_url("leads_csv", booth)))) == 20
