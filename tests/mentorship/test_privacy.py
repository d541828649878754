"""What mentorship holds of a person is in "download my data" and goes with the account."""

import json

import pytest

from icis.core.models import AuditEntry
from members.services import account_delete
from mentorship import services
from mentorship.models import Feedback, MentorProfile, MentorshipRequest, Pairing
from tests.factories import PASSWORD
from tests.factories.mentorship import mentor, trainee

pytestmark = pytest.mark.django_db


@pytest.fixture
def paired():
    asker = trainee(first_name="Tara", last_name="Trainee")
    asked = mentor(first_name="Mona", last_name="Mentor")
    sent = services.request_send(
        trainee=asker, mentor_id=asked.pk, goals="Choose a lab", topics="IL-6", format="pairing"
    )
    pairing = services.request_accept(request_id=sent.pk, user=asked.user)
    services.pairing_end(pairing_id=pairing.pk, user=asker)
    services.feedback_give(pairing_id=pairing.pk, user=asker, rating=5, comments="Great help")
    return asker, asked


def test_download_my_data_holds_requests_pairings_and_feedback(client, paired):
    asker, asked = paired
    client.force_login(asker)

    data = json.loads(client.get("/my/export.json").content)["mentorship"]

    [request] = data["requests"]
    assert (request["as"], request["mentor"], request["goals"]) == (
        "trainee",
        "Mona Mentor",
        "Choose a lab",
    )
    assert data["pairings"][0]["agreed_goals"] == "Choose a lab"
    assert data["feedback_given"][0]["comments"] == "Great help"

    client.force_login(asked.user)
    mentor_data = json.loads(client.get("/my/export.json").content)["mentorship"]
    assert mentor_data["mentor_profile"]["keywords"] == "interferon signalling"
    assert mentor_data["requests"][0]["as"] == "mentor"


@pytest.mark.parametrize("leaver", ["trainee", "mentor"])
def test_deleting_either_account_erases_the_mentorship(paired, leaver):
    asker, asked = paired
    user = asker if leaver == "trainee" else asked.user
    user.set_password(PASSWORD)

    account_delete(user=user, actor=user)

    assert not MentorshipRequest.objects.exists()
    assert not Pairing.objects.exists()
    assert not Feedback.objects.exists()
    assert MentorProfile.objects.exists() == (leaver == "trainee")
    assert not AuditEntry.objects.filter(object_label__icontains="Mona Mentor").exists()
