"""Staff set up a call with its topics in the admin; impossible times and limits are refused
in place; every change is audited; abstracts are read-only there."""

import pytest
from django.urls import reverse

from icis.core.models import AuditEntry
from meetings.abstracts.models import AbstractCall
from tests.factories import AbstractFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/abstracts/abstractcall/add/"


def _call_form(meeting, **changes) -> dict:
    data = {
        "meeting": meeting.pk,
        "introduction": "",
        "opens_at_0": "2027-03-01",
        "opens_at_1": "09:00:00",
        "closes_at_0": "2027-06-30",
        "closes_at_1": "23:59:00",
        "late_breaking_opens_at_0": "",
        "late_breaking_opens_at_1": "",
        "late_breaking_closes_at_0": "",
        "late_breaking_closes_at_1": "",
        "body_limit": "2500",
        "max_authors": "20",
        "max_per_presenter": "2",
        "conflicts_required": "on",
        "publication_consent_required": "on",
        "blind_review": "on",
        "presenter_registered_by": "2027-08-01",
        "reviews_per_abstract": "3",
        "topics-TOTAL_FORMS": "2",
        "topics-INITIAL_FORMS": "0",
        "topics-MIN_NUM_FORMS": "0",
        "topics-MAX_NUM_FORMS": "1000",
        "topics-0-position": "1",
        "topics-0-name": "Interferons and antiviral immunity",
        "topics-1-position": "2",
        "topics-1-name": "Cytokines in cancer",
    }
    return data | changes


def test_staff_add_a_call_with_topics_and_it_is_audited(admin_client_2fa):
    meeting = MeetingFactory()
    response = admin_client_2fa.post(ADD, _call_form(meeting))
    assert response.status_code == 302, response.context["adminform"].form.errors
    call = AbstractCall.objects.get()
    assert [topic.name for topic in call.topics.all()] == [
        "Interferons and antiviral immunity",
        "Cytokines in cancer",
    ]
    actions = sorted(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["abstractcall.create", "abstracttopic.create", "abstracttopic.create"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"closes_at_0": "2027-02-28"}, "closes_at"),
        (
            {
                "late_breaking_opens_at_0": "2027-06-01",
                "late_breaking_opens_at_1": "00:00:00",
                "late_breaking_closes_at_0": "2027-07-15",
                "late_breaking_closes_at_1": "00:00:00",
            },
            "late_breaking_opens_at",
        ),
        (
            {
                "late_breaking_opens_at_0": "2027-07-10",
                "late_breaking_opens_at_1": "00:00:00",
                "late_breaking_closes_at_0": "2027-07-01",
                "late_breaking_closes_at_1": "00:00:00",
            },
            "late_breaking_closes_at",
        ),
        (
            {"late_breaking_opens_at_0": "2027-07-10", "late_breaking_opens_at_1": "00:00:00"},
            "late_breaking_closes_at",
        ),
        ({"body_limit": "0"}, "body_limit"),
        ({"max_authors": "0"}, "max_authors"),
        ({"max_per_presenter": "0"}, "max_per_presenter"),
        ({"body_limit": "-5"}, "body_limit"),
    ],
)
def test_impossible_times_and_limits_are_refused_in_place(admin_client_2fa, changes, field):
    meeting = MeetingFactory()
    response = admin_client_2fa.post(ADD, _call_form(meeting, **changes))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not AbstractCall.objects.exists()


def test_abstracts_are_read_only_in_the_admin(admin_client_2fa):
    abstract = AbstractFactory()
    change = reverse("admin:abstracts_abstract_change", args=[abstract.pk])
    page = admin_client_2fa.get(change)
    assert page.status_code == 200
    assert "IL-1\u03b2 signalling" in page.content.decode()
    assert admin_client_2fa.get("/admin/abstracts/abstract/add/").status_code == 403
