"""The contact page (/about/contact/): a message goes to the office through the outbox and is
kept for staff; bots are turned away by a honeypot and a minimum time, people by nothing; the
form is rate limited per client address and per sender's address; errors show in place and
nothing typed is lost."""

import time

import pytest
from django.test import override_settings
from django.utils import timezone

from icis.accounts import personal_data
from icis.core.spam import TOO_FAST, TOO_OLD, started_token
from icis.mail.models import OutboundEmail
from icis.site.models import ContactMessage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/about/contact/"


def _form(**fields):
    data = {
        "name": "Grace Hopper",
        "email": "grace@example.org",
        "topic": "membership",
        "message": "How do I pay the membership by bank transfer?",
        "website": "",
        "started": started_token(at=time.time() - 30),  # shown half a minute ago
    }
    data.update(fields)
    return data


@override_settings(SOCIETY_OFFICE_EMAIL="office@cytokinesociety.org")
def test_a_message_reaches_the_office_through_the_outbox_and_is_kept(client):
    response = client.post(URL, _form())
    assert response.status_code == 302 and response["Location"] == "/about/contact/thanks/"
    assert "Thank you" in client.get(response["Location"]).content.decode()
    kept = ContactMessage.objects.get()
    assert (kept.name, kept.email, kept.topic) == (
        "Grace Hopper",
        "grace@example.org",
        "membership",
    )
    email = OutboundEmail.objects.get(dedupe_key=f"contact:{kept.pk}")
    assert email.to_email == "office@cytokinesociety.org"
    assert email.headers == {"Reply-To": "grace@example.org"}
    assert "Membership" in email.subject and "Grace Hopper" in email.subject
    assert "How do I pay the membership by bank transfer?" in email.body_text


def test_the_page_has_the_form_and_is_in_the_about_menu(client):
    html = client.get(URL).content.decode()
    assert '<label for="id_message">Your message:</label>' in html
    assert 'class="honeypot" aria-hidden="true"' in html
    assert 'aria-current="page">Contact the office</a>' in html


def test_a_filled_honeypot_is_thanked_and_nothing_is_sent(client):
    response = client.post(URL, _form(website="http://spam.example"))
    assert response.status_code == 302
    assert not ContactMessage.objects.exists() and not OutboundEmail.objects.exists()


@pytest.mark.parametrize(
    "started, error",
    [
        (lambda: started_token(), TOO_FAST),
        (lambda: started_token(at=time.time() - 2 * 24 * 3600), TOO_OLD),
        (lambda: started_token(at=time.time() - 30)[:-2] + "xx", TOO_OLD),
        (lambda: "", TOO_OLD),
    ],
    ids=["too-fast", "a-day-old", "tampered", "missing"],
)
def test_a_form_sent_too_fast_or_with_a_bad_time_is_refused_in_place_keeping_the_text(
    client, started, error
):
    response = client.post(URL, _form(started=started()))
    html = response.content.decode()
    assert response.status_code == 200
    assert error.replace("'", "&#x27;") in html
    assert "How do I pay the membership by bank transfer?</textarea>" in html
    assert 'value="Grace Hopper"' in html
    assert not ContactMessage.objects.exists()


def test_field_errors_show_in_place_and_lengths_are_bounded(client):
    response = client.post(URL, _form(email="not an address", message="x" * 5001, topic="spam"))
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert "Ensure this value has at most 5000 characters" in html
    assert "Select a valid choice." in html
    assert not ContactMessage.objects.exists()


def test_one_sender_is_limited_to_three_messages_an_hour(client):
    for n in range(3):
        assert client.post(URL, _form(message=f"Question {n}")).status_code == 302
    response = client.post(URL, _form(message="A fourth question"))
    assert response.status_code == 200
    assert "You have sent several messages in a short time" in response.content.decode()
    assert "A fourth question</textarea>" in response.content.decode()
    assert ContactMessage.objects.count() == 3


def test_one_client_address_is_limited_to_five_messages_an_hour(client):
    for n in range(5):
        assert client.post(URL, _form(email=f"person{n}@example.org")).status_code == 302
    response = client.post(URL, _form(email="someone.else@example.org"))
    assert "You have sent several messages in a short time" in response.content.decode()
    # Another client address is not limited by the first one's messages.
    other = client.post(URL, _form(email="another@example.org"), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302
    assert ContactMessage.objects.count() == 6


def test_a_person_s_messages_are_in_their_data_export_and_go_with_their_account(client):
    grace = UserFactory(email="grace@example.org")
    client.post(URL, _form(email="GRACE@example.org"))
    client.post(URL, _form(email="someone.else@example.org"))
    exported = personal_data.export_everywhere(user=grace)["site"]["contact_messages"]
    assert [m["message"] for m in exported] == ["How do I pay the membership by bank transfer?"]
    personal_data.erase_everywhere(user=grace, now=timezone.now())
    assert list(ContactMessage.objects.values_list("email", flat=True)) == [
        "someone.else@example.org"
    ]
