"""A person's contact requests and booth staff places are in their data download and go with
their account; the booths' visit counts never named anyone."""

import pytest

from icis.accounts import personal_data
from meetings.exhibitors import services
from meetings.exhibitors.models import BoothStaff, BoothVisitDay, Lead
from members import services as members_services
from tests.factories.exhibitors import BoothFactory, BoothStaffFactory

pytestmark = pytest.mark.django_db


def test_the_download_holds_the_requests_as_sent_and_the_booths_staffed(meeting, booth, attendee):
    services.lead_send(
        booth=booth, user=attendee, share_institution=True, share_country=False, message="Hi"
    )
    BoothStaffFactory(
        booth=BoothFactory(meeting=meeting, name="Staffed (fictional)"), user=attendee
    )

    data = personal_data.export_everywhere(user=attendee)["exhibitors"]

    [request] = data["contact_requests"]
    assert request["booth"] == "Example Reagents Ltd (fictional)"
    assert (request["institution"], request["country"], request["message"]) == (
        "Cardiff University",
        "",
        "Hi",
    )
    assert request["consent_text"] == services.consent_text(booth)
    assert data["booth_staff_of"] == [{"meeting": meeting.name, "booth": "Staffed (fictional)"}]


def test_deleting_the_account_erases_its_requests_and_booth_staff_places(booth, attendee):
    services.booth_visit(booth=booth, user=attendee, attendee=True)
    services.lead_send(
        booth=booth, user=attendee, share_institution=True, share_country=True, message="Hi"
    )
    BoothStaffFactory(booth=booth, user=attendee)
    other = BoothStaffFactory(booth=booth)

    members_services.account_delete(user=attendee, actor=attendee)

    assert not Lead.objects.exists()
    assert list(BoothStaff.objects.all()) == [other]
    assert BoothVisitDay.objects.get().visits == 1  # a count, which never named anyone
