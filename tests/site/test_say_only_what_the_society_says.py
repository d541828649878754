"""Say only what the society says: no share of trainees the society does not state; the
demo's figures the society's pages do not give (prices, award rules, program times) are marked
as example settings for staff to replace; the demo's host letter is a summary, unsigned."""

import re

import pytest

from icis.core.models import AuditEntry, ExampleSetting
from meetings.models import Meeting, ProgramDay
from members.models import MembershipType

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_content):
    """The demo content, there when the test starts."""


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_no_page_states_a_share_of_trainees(client, demo):
    for path in ["/", "/membership/", "/members/", "/about/", "/about/membership/"]:
        text = _text(client.get(path).content.decode()).lower()
        assert "half of" not in text, path
        assert "trainees" not in text or "%" not in text, path


def test_the_demo_marks_its_example_figures_for_staff(demo):
    marked = {
        (mark.content_type.model_class(), mark.object_id)
        for mark in ExampleSetting.objects.select_related("content_type")
    }
    for membership_type in MembershipType.objects.all():
        assert (MembershipType, str(membership_type.pk)) in marked
    for day in ProgramDay.objects.filter(meeting__slug="cytokines-2021"):
        assert (ProgramDay, str(day.pk)) in marked
    assert (Meeting, str(Meeting.objects.get(slug="example-meeting").pk)) in marked
    awards = {model.__name__ for model, _ in marked}
    assert {"AwardProgram", "AwardCycle"} <= awards
    # The 2021 meeting's own facts (dates, place, committees) come from the society: unmarked.
    assert (Meeting, str(Meeting.objects.get(slug="cytokines-2021").pk)) not in marked


def test_the_admin_says_example_setting_replace_and_lists_them(admin_client_2fa, demo):
    trainee = MembershipType.objects.get(slug="trainee")
    page = admin_client_2fa.get(f"/admin/members/membershiptype/{trainee.pk}/change/")
    assert "Example setting: replace. The demo&#x27;s price and term length" in (
        page.content.decode()
    )
    listing = admin_client_2fa.get("/admin/core/examplesetting/").content.decode()
    assert "Trainee" in listing and "example settings to replace" in listing.lower()
    # Once replaced, staff remove the mark: audited, and the page no longer warns.
    mark = ExampleSetting.objects.get(
        object_id=str(trainee.pk), content_type__model="membershiptype"
    )
    response = admin_client_2fa.post(
        f"/admin/core/examplesetting/{mark.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="examplesetting.delete").exists()
    page = admin_client_2fa.get(f"/admin/members/membershiptype/{trainee.pk}/change/")
    assert "Example setting: replace" not in page.content.decode()
