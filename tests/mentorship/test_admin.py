"""Staff see pairings, requests, declines and feedback, pause a mentor (audited), export
spreadsheets that cannot run formulas, and the dashboard's counts."""

import pytest
from django.urls import reverse

from icis.core.models import AuditEntry
from mentorship import selectors, services
from mentorship.models import MentorProfile
from tests.factories.mentorship import mentor, mentors_bulk, trainee
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db


def ask(asker, asked, goals="Advice"):
    return services.request_send(
        trainee=asker, mentor_id=asked.pk, goals=goals, topics="", format="pairing"
    )


def test_staff_pause_a_mentor_and_trainees_no_longer_see_them(admin_client_2fa):
    asked = mentor(last_name="Paused")
    asker = trainee()
    assert selectors.mentor_suggestions(trainee=asker)

    answer = admin_client_2fa.post(
        reverse("admin:mentorship_mentorprofile_changelist"),
        {"action": "pause", "_selected_action": [asked.pk]},
    )

    assert answer.status_code == 302
    assert MentorProfile.objects.get(pk=asked.pk).staff_paused_at is not None
    assert selectors.mentor_suggestions(trainee=asker) == []
    entry = AuditEntry.objects.get(action="mentorship.mentor_staff_paused")
    assert entry.object_id == str(asked.pk) and entry.actor_label


def test_staff_read_requests_with_goals_and_declines_with_notes(admin_client_2fa):
    asked = mentor()
    declined = ask(trainee(), asked, goals="Visible-to-staff goals")
    services.request_decline(request_id=declined.pk, user=asked.user, note="=HYPERLINK(x)")

    page = admin_client_2fa.get(
        reverse("admin:mentorship_mentorshiprequest_change", args=[declined.pk])
    ).content.decode()
    assert "Visible-to-staff goals" in page
    export = admin_client_2fa.post(
        reverse("admin:mentorship_mentorshiprequest_changelist"),
        {"action": "export_csv", "_selected_action": [declined.pk]},
    )
    assert export["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(x)" in export.content.decode()


def test_the_dashboard_counts_active_pairings_and_waiting_trainees_in_one_query():
    def grow(count):
        mentors_bulk(count, start=MentorProfile.objects.count())
        for listed in MentorProfile.objects.order_by("-pk")[: count // 2]:
            services.request_accept(
                request_id=ask(trainee(first_name="P"), listed).pk, user=listed.user
            )
        for listed in MentorProfile.objects.order_by("-pk")[count // 2 : count]:
            ask(trainee(first_name="W"), listed)

    assert_queries_at_sizes(expected=2, grow=grow, action=selectors.dashboard_counts)
    assert selectors.dashboard_counts() == {"active_pairings": 11, "waiting_trainees": 11}


def test_feedback_is_summarised_for_staff(admin_client_2fa):
    asked = mentor()
    asker = trainee()
    pairing = services.request_accept(request_id=ask(asker, asked).pk, user=asked.user)
    services.pairing_end(pairing_id=pairing.pk, user=asked.user)
    services.feedback_give(pairing_id=pairing.pk, user=asker, rating=4, comments="Kind")
    services.feedback_give(pairing_id=pairing.pk, user=asked.user, rating=5, comments="")

    page = admin_client_2fa.get(reverse("admin:mentorship_feedback_changelist")).content.decode()

    assert "Feedback: 2 given, mean rating 4.5 of 5" in page


def test_the_staff_dashboard_notes_pairings_under_way_and_trainees_waiting(admin_client_2fa):
    asked = mentor()
    services.request_accept(request_id=ask(trainee(first_name="P"), asked).pk, user=asked.user)
    ask(trainee(first_name="W"), mentor())

    body = admin_client_2fa.get("/admin/").content.decode()

    assert "Mentoring pairings under way" in body and "Trainees waiting for a mentor" in body
    waiting = reverse("admin:mentorship_mentorshiprequest_changelist") + "?status__exact=pending"
    assert f'href="{waiting}"' in body
