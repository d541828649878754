"""The mentorship pages: the programme page for everyone; a mentor's profile, a trainee's
search and request, the mentor's answer and the pairing page for the two of them only."""

import pytest
from django.urls import reverse

from mentorship.models import MentorProfile, MentorshipRequest, Pairing
from tests.factories.mentorship import member, mentor, trainee

pytestmark = pytest.mark.django_db


def test_the_programme_page_quotes_the_societys_mission_and_says_how_to_join(client):
    page = client.get("/mentorship/").content.decode()

    assert "to facilitate interactions between young investigators and trainees" in page
    assert reverse("mentorship:find") in page
    assert reverse("mentorship:mentor_profile") in page


def test_a_senior_member_opts_in_as_a_mentor(client):
    senior = member()
    client.force_login(senior)

    answer = client.post(
        "/my/mentorship/mentor/",
        {
            "keywords": "JAK-STAT, grant writing",
            "offers": ["career", "review"],
            "formats": ["pairing"],
            "capacity": "2",
            "languages": "English, Spanish",
            "time_zone": "Europe/Madrid",
        },
    )

    assert answer.status_code == 302
    saved = MentorProfile.objects.get(user=senior)
    assert (saved.capacity, saved.offers, saved.time_zone) == (
        2,
        ["career", "review"],
        "Europe/Madrid",
    )


def test_a_trainee_is_told_why_they_cannot_mentor_and_a_bad_form_keeps_what_was_typed(client):
    client.force_login(trainee())
    assert "beyond the trainee stage" in client.get("/my/mentorship/mentor/").content.decode()

    client.force_login(member(first_name="Sen"))
    answer = client.post(
        "/my/mentorship/mentor/",
        {"keywords": "kept words", "capacity": "99", "time_zone": "Mars/Olympus"},
    )
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "kept words" in page
    assert "Ensure this value is less than or equal to 10" in page


def test_a_trainee_finds_asks_and_the_mentor_accepts_and_both_see_the_pairing(client):
    asker = trainee(first_name="Tara", last_name="Trainee", research_interests="interleukin 6")
    asked = mentor(first_name="Mona", last_name="Mentor", keywords="interleukin 6 signalling")
    client.force_login(asker)

    found = client.get("/my/mentorship/find/", {"topics": "interleukin", "offer": "career"})
    assert "Mona Mentor" in found.content.decode()
    answer = client.post(
        f"/my/mentorship/ask/{asked.pk}/",
        {"goals": "Secret-goal: choose a postdoc lab", "topics": "IL-6", "format": "pairing"},
    )
    sent = MentorshipRequest.objects.get(trainee=asker)
    assert answer["Location"] == f"/my/mentorship/requests/{sent.pk}/"

    client.force_login(asked.user)
    page = client.get(f"/my/mentorship/requests/{sent.pk}/").content.decode()
    assert "Secret-goal: choose a postdoc lab" in page
    accepted = client.post(
        f"/my/mentorship/requests/{sent.pk}/", {"answer": "accept", "note": "Welcome"}
    )
    pairing = Pairing.objects.get(request=sent)
    assert accepted["Location"] == f"/my/mentorship/pairings/{pairing.pk}/"

    for user, heading in (
        (asked.user, "Mentoring Tara Trainee"),
        (asker, "Mentored by Mona Mentor"),
    ):
        client.force_login(user)
        assert heading in client.get(f"/my/mentorship/pairings/{pairing.pk}/").content.decode()
        assert pairing.get_absolute_url() in client.get("/my/mentorship/").content.decode()


def test_a_trainees_goals_are_hidden_from_other_members(client):
    asker = trainee()
    asked = mentor()
    client.force_login(asker)
    client.post(
        f"/my/mentorship/ask/{asked.pk}/",
        {"goals": "Secret-goal", "topics": "", "format": "pairing"},
    )
    sent = MentorshipRequest.objects.get(trainee=asker)

    for outsider in (trainee(first_name="Other"), mentor(last_name="Another").user):
        client.force_login(outsider)
        answer = client.get(f"/my/mentorship/requests/{sent.pk}/")
        assert answer.status_code == 404
        assert "Secret-goal" not in answer.content.decode()


def test_the_find_page_refuses_overlong_input_in_place(client):
    client.force_login(trainee())

    answer = client.get("/my/mentorship/find/", {"topics": "x" * 400, "time_zone": "Nowhere"})

    assert answer.status_code == 200
    assert "Ensure this value has at most 300 characters" in answer.content.decode()
