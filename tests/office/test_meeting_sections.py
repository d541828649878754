"""The meeting's admin in sections: the change form holds the meeting's core details; its
content, program, registration, sponsors and virtual platform are sections of their own
(`?section=`), each with only its fields and tables and links to its lists for this meeting."""

import re

import pytest

from meetings.models import FeeWindow, Meeting
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _url(meeting, section=""):
    return f"/admin/meetings/meeting/{meeting.pk}/change/" + (
        f"?section={section}" if section else ""
    )


def _inline_prefixes(html: str) -> set[str]:
    return set(re.findall(r'name="([a-z_]+)-TOTAL_FORMS"', html))


def test_the_core_form_is_short_and_links_every_section(admin_client_2fa):
    meeting = MeetingFactory()
    html = admin_client_2fa.get(_url(meeting)).content.decode()
    assert _inline_prefixes(html) == set()
    assert 'name="name"' in html and 'name="start_date"' in html
    assert 'name="welcome_text"' not in html
    for section in ("content", "program", "registration", "sponsors", "virtual"):
        assert f'href="?section={section}"' in html
    assert '<nav class="meeting-sections" aria-label="Sections of this meeting">' in html


@pytest.mark.parametrize(
    ("section", "inlines", "links"),
    [
        (
            "content",
            {"format_changes", "committees", "grants", "accreditations", "compliance_notices"},
            ["/admin/meetings/committee/?meeting__id__exact={pk}"],
        ),
        ("program", {"days"}, ["/admin/meetings/session/?day__meeting__id__exact={pk}"]),
        (
            "registration",
            {"registration", "refund_rules", "fee_windows", "categories"},
            ["/admin/meetings/promocode/?meeting__id__exact={pk}"],
        ),
        ("sponsors", {"sponsor_tiers"}, ["/admin/meetings/sponsor/?meeting__id__exact={pk}"]),
        (
            "virtual",
            set(),
            ["/admin/virtual/recording/?session__day__meeting__id__exact={pk}"],
        ),
    ],
)
def test_each_section_holds_only_its_part(admin_client_2fa, section, inlines, links):
    meeting = MeetingFactory()
    response = admin_client_2fa.get(_url(meeting, section))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="start_date"' not in html
    assert {p.split("-")[0] for p in _inline_prefixes(html)} == inlines
    for link in links:
        url = link.format(pk=meeting.pk)
        assert f'href="{url}"' in html
        assert admin_client_2fa.get(url).status_code == 200, url


def test_a_meeting_is_built_section_by_section(admin_client_2fa):
    meeting = MeetingFactory(name="Cytokines 2030")
    form = admin_client_2fa.get(_url(meeting, "registration")).context["adminform"].form
    assert list(form.fields) == []
    data = {}
    for prefix in ("registration", "refund_rules", "fee_windows", "categories"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": 0,
                f"{prefix}-INITIAL_FORMS": 0,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    data.update(
        {
            "fee_windows-TOTAL_FORMS": 1,
            "fee_windows-0-name": "Early",
            "fee_windows-0-ends_on": "2030-03-31",
            "_continue": "1",
        }
    )
    response = admin_client_2fa.post(_url(meeting, "registration"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    # "Save and continue editing" stays on the section being built.
    assert response["Location"].endswith("?section=registration")
    assert FeeWindow.objects.filter(meeting=meeting, name="Early").exists()
    meeting.refresh_from_db()
    assert meeting.name == "Cytokines 2030"  # the fields of other sections are untouched
    assert Meeting.objects.get(pk=meeting.pk).start_date == meeting.start_date
