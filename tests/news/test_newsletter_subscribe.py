"""Signals+ for everyone: anyone signs up at /newsletter/subscribe/ with a double opt-in (a
signed link through the outbox; nothing is sent before it is followed), asking again sends no
second link for a quarter of an hour, the one-click unsubscribe works for them, and issues that
are not members-only are in the public archive."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from icis.core.spam import started_token
from icis.mail.models import OutboundEmail
from news import selectors, services
from news.models import NewsletterIssue, NewsletterSubscriber

pytestmark = pytest.mark.django_db
URL = "/newsletter/subscribe/"


def _form(**fields):
    data = {
        "email": "Rosalind@Example.org",
        "name": "Rosalind Franklin",
        "website": "",
        "started": started_token(at=time.time() - 30),
    }
    data.update(fields)
    return data


def _confirmations():
    return OutboundEmail.objects.filter(dedupe_key__startswith="newsletter-confirm:")


def _link(email: OutboundEmail) -> str:
    return re.search(r"https?://[^/\s]+(/newsletter/subscribe/confirm/\S+/)", email.body_text)[1]


def _recipients() -> list[str]:
    return [recipient.email for recipient in selectors.newsletter_recipients()]


def test_signing_up_sends_a_link_and_subscribes_only_once_it_is_followed(client):
    response = client.post(URL, _form())
    assert response.status_code == 302 and response["Location"] == "/newsletter/subscribe/sent/"
    assert "Check your inbox" in client.get(response["Location"]).content.decode()
    email = _confirmations().get()
    assert email.to_email == "rosalind@example.org"
    assert "Dear Rosalind Franklin" in email.body_text
    assert "rosalind@example.org" not in _recipients()

    link = _link(email)
    # Opening the link only asks (mail scanners open links).
    page = client.get(link).content.decode()
    assert "Send Signals+, the society's newsletter, to <strong>rosalind@example.org" in page
    assert "rosalind@example.org" not in _recipients()
    done = client.post(link)
    assert "You are subscribed to Signals+" in done.content.decode()
    assert "rosalind@example.org" in _recipients()
    # Following it again changes nothing.
    assert client.post(link).status_code == 200
    assert _recipients().count("rosalind@example.org") == 1


def test_asking_again_sends_no_second_link_for_a_quarter_of_an_hour():
    now = timezone.now()
    assert services.newsletter_subscribe(email="ann@example.org", now=now)
    assert not services.newsletter_subscribe(
        email="ANN@example.org", now=now + timedelta(minutes=5)
    )
    assert not services.newsletter_subscribe(
        email="ann@example.org", now=now + timedelta(minutes=14)
    )
    assert services.newsletter_subscribe(email="ann@example.org", now=now + timedelta(minutes=16))
    assert _confirmations().count() == 2
    assert NewsletterSubscriber.objects.count() == 1


def test_only_the_latest_link_works_and_a_tampered_one_is_refused(client):
    now = timezone.now()
    services.newsletter_subscribe(email="ann@example.org", now=now - timedelta(minutes=30))
    services.newsletter_subscribe(email="ann@example.org", now=now)
    first, latest = (_link(email) for email in _confirmations().order_by("created_at"))
    assert client.post(first).status_code == 400
    assert client.post(latest[:-3] + "xx/").status_code == 400
    assert "ann@example.org" not in _recipients()
    assert client.post(latest).status_code == 200
    assert "ann@example.org" in _recipients()


def test_a_link_older_than_a_week_has_expired(client, monkeypatch):
    services.newsletter_subscribe(email="ann@example.org")
    link = _link(_confirmations().get())
    later = time.time() + 8 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post(link)
    assert response.status_code == 400 and "This link does not work" in response.content.decode()


def test_a_subscribed_address_gets_no_link_and_the_page_says_the_same(client):
    NewsletterSubscriber.objects.create(email="ann@example.org")  # added by staff: confirmed
    response = client.post(URL, _form(email="ann@example.org"))
    assert response["Location"] == "/newsletter/subscribe/sent/"
    assert not _confirmations().exists()


def test_the_one_click_unsubscribe_works_for_a_confirmed_subscriber_and_a_new_link_resubscribes(
    client,
):
    now = timezone.now()
    services.newsletter_subscribe(email="ann@example.org", now=now - timedelta(hours=1))
    client.post(_link(_confirmations().get()))
    old_link = _link(_confirmations().get())
    token = services.newsletter_unsubscribe_token(email="ann@example.org")
    client.post(f"/newsletter/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
    assert "ann@example.org" not in _recipients()
    # The link from before the unsubscribe is spent.
    assert client.post(old_link).status_code == 400
    assert "ann@example.org" not in _recipients()
    services.newsletter_subscribe(email="ann@example.org")
    client.post(_link(_confirmations().order_by("-created_at").first()))
    assert "ann@example.org" in _recipients()


def test_sign_up_errors_show_in_place_and_a_bot_is_told_nothing(client):
    response = client.post(URL, _form(email="not an address"))
    assert "Enter a valid email address." in response.content.decode()
    assert 'value="Rosalind Franklin"' in response.content.decode()
    response = client.post(URL, _form(website="http://spam.example"))
    assert response.status_code == 302
    assert not _confirmations().exists() and not NewsletterSubscriber.objects.exists()


def test_one_client_address_is_limited_to_ten_sign_ups_an_hour(client):
    for n in range(10):
        assert client.post(URL, _form(email=f"reader{n}@example.org")).status_code == 302
    response = client.post(URL, _form(email="reader10@example.org"))
    assert "Too many sign-ups from here" in response.content.decode()
    assert _confirmations().count() == 10


def test_the_public_archive_shows_open_issues_to_visitors_and_offers_the_sign_up(client):
    today = timezone.localdate()
    NewsletterIssue.objects.create(
        number=1, date=today, title="Open to all", editorial="Hello, readers.", is_published=True
    )
    NewsletterIssue.objects.create(
        number=2,
        date=today,
        title="For members",
        editorial="Members' corner.",
        is_published=True,
        is_members_only=True,
    )
    archive = client.get("/newsletter/").content.decode()
    assert "Open to all" in archive and f'href="{URL}"' in archive
    open_issue = client.get("/newsletter/1/").content.decode()
    assert "Hello, readers." in open_issue and "This issue is for members" not in open_issue
    members_only = client.get("/newsletter/2/").content.decode()
    assert (
        "This issue is for members" in members_only and "Members&#x27; corner." not in members_only
    )
