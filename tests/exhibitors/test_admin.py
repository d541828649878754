"""Staff see each booth's engagement as counts (visits by day, contact requests, file
downloads), never who; booth edits in the admin are audited."""

import pytest
from django.urls import reverse

from icis.core.audit import audit_action
from icis.core.models import AuditEntry
from meetings.exhibitors import services
from meetings.exhibitors.models import Booth
from tests.factories.exhibitors import pdf_resource
from tests.factories.meetings import SponsorFactory
from tests.factories.virtual import attendee_of

pytestmark = pytest.mark.django_db


def test_staff_see_visits_by_day_requests_and_downloads_without_names(
    admin_client_2fa, meeting, booth, attendee
):
    second = attendee_of(meeting, email="second.visitor@example.org")
    for person in (attendee, second, second):
        services.booth_visit(booth=booth, user=person, attendee=True)
    services.lead_send(
        booth=booth, user=attendee, share_institution=False, share_country=False, message=""
    )
    resource = pdf_resource(booth)
    services.resource_downloaded(resource=resource)

    listing = admin_client_2fa.get(reverse("admin:exhibitors_booth_changelist")).content.decode()
    assert '<td class="field-visit_count">3</td>' in listing
    assert '<td class="field-lead_count">1</td>' in listing
    assert '<td class="field-downloads">1</td>' in listing
    page = admin_client_2fa.get(
        reverse("admin:exhibitors_booth_change", args=[booth.pk])
    ).content.decode()
    assert ": 3 visits</li>" in page
    assert "1 contact requests · 1 file downloads" in page
    assert "second.visitor@example.org" not in page


def test_a_booth_added_in_the_admin_is_audited(admin_client_2fa, meeting):
    sponsor = SponsorFactory(meeting=meeting, name="Audited Example (fictional)")
    data = {"sponsor": sponsor.pk, "description": "Hello", "video_url": "", "is_listed": "on"}
    for prefix in ("staff_links", "hours", "resources"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = admin_client_2fa.post(reverse("admin:exhibitors_booth_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    booth = Booth.objects.get(sponsor=sponsor)
    entry = AuditEntry.objects.get(action=audit_action("booth.create"))
    assert entry.object_id == str(booth.pk)


def test_a_video_address_that_is_not_https_is_refused_in_the_admin(admin_client_2fa, meeting):
    sponsor = SponsorFactory(meeting=meeting)
    data = {"sponsor": sponsor.pk, "video_url": "http://video.example.org/1", "is_listed": "on"}
    for prefix in ("staff_links", "hours", "resources"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = admin_client_2fa.post(reverse("admin:exhibitors_booth_add"), data)
    assert response.status_code == 200
    assert b"Enter a full https:// address" in response.content
    assert not Booth.objects.exists()


@pytest.mark.parametrize(
    ("day_offset", "opens", "closes", "error"),
    [
        (-1, "10:00", "12:00", b"Choose a day of the meeting."),
        (0, "12:00", "10:00", b"The booth closes after it opens."),
    ],
)
def test_opening_hours_are_on_a_meeting_day_and_in_order(
    admin_client_2fa, meeting, booth, day_offset, opens, closes, error
):
    from datetime import timedelta

    data = {"sponsor": booth.sponsor.pk, "description": "", "video_url": "", "is_listed": "on"}
    for prefix in ("staff_links", "resources"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    data |= {
        "hours-TOTAL_FORMS": "1",
        "hours-INITIAL_FORMS": "0",
        "hours-0-day": (meeting.start_date + timedelta(days=day_offset)).isoformat(),
        "hours-0-opens": opens,
        "hours-0-closes": closes,
    }
    response = admin_client_2fa.post(
        reverse("admin:exhibitors_booth_change", args=[booth.pk]), data
    )
    assert response.status_code == 200
    assert error in response.content
    assert not booth.hours.exists()
