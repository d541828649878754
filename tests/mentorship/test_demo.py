"""The mentorship demo: fictional mentors and trainees, one pairing under way, speed mentoring
at Cytokines 2021; loading it again changes nothing."""

import io

import pytest
from django.core.management import call_command

from mentorship import selectors
from mentorship.models import MentorProfile, Pairing, SpeedTable

pytestmark = pytest.mark.django_db


def test_the_demo_has_mentors_a_pairing_and_speed_mentoring_at_cytokines_2021(client, demo_content):
    counts = (MentorProfile.objects.count(), Pairing.objects.count(), SpeedTable.objects.count())
    call_command("load_demo", stdout=io.StringIO())

    assert counts == (4, 1, 4)
    assert (
        MentorProfile.objects.count(),
        Pairing.objects.count(),
        SpeedTable.objects.count(),
    ) == counts
    pairing = Pairing.objects.select_related("trainee", "mentor__user").get()
    assert (pairing.trainee.get_full_name(), pairing.mentor.user.get_full_name()) == (
        "Amara Okafor",
        "Lucas Moreau",
    )
    assert selectors.dashboard_counts() == {"active_pairings": 1, "waiting_trainees": 0}
    [session] = selectors.speed_sessions_published()
    assert session.meeting.name == "Cytokines 2021"
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Mei Tanaka" in page and "Starting your own lab" in page
    assert session.get_absolute_url() in client.get("/mentorship/").content.decode()
