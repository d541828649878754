"""One guard for every form and query parameter: text PostgreSQL cannot store (a NUL byte) is
refused with a clear 400 page before any view runs, and nothing is saved."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from meetings.models import WaitlistEntry
from news.models import ResearchNews
from tests.news.test_research_news import PAPER, _member

pytestmark = pytest.mark.django_db
User = get_user_model()
REASON = "contained a character that cannot be stored"


def _refused(response) -> bool:
    return response.status_code == 400 and REASON in response.content.decode()


def test_a_nul_byte_in_the_waitlist_category_is_refused(client, user, open_meeting):
    client.force_login(user)

    response = client.post(f"/meetings/{open_meeting.slug}/waitlist/", {"category": "x\x00"})

    assert _refused(response)
    assert not WaitlistEntry.objects.exists()


def test_a_nul_byte_in_the_sign_up_form_creates_no_account(client):
    response = client.post(
        "/accounts/signup/",
        {
            "first_name": "Ada\x00",
            "last_name": "Lovelace",
            "email": "ada@example.org",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )

    assert _refused(response)
    assert not User.objects.exists()


def test_a_nul_byte_in_research_news_saves_nothing(membership_types):
    member = Client()
    member.force_login(_member(membership_types))

    response = member.post(
        "/my/research-news/",
        {"title": "IL-6\x00", "summary": "A summary.", "paper_url": PAPER},
    )

    assert _refused(response)
    assert not ResearchNews.objects.exists()


@pytest.mark.parametrize(
    "query",
    ["?q=%00", "?q=il-6&page=1%00", "?%00=1"],
)
def test_a_nul_byte_in_a_query_parameter_is_refused(client, query):
    assert _refused(client.get(f"/search/{query}"))


def test_a_nul_byte_in_an_urlencoded_form_is_refused(client, user, open_meeting):
    client.force_login(user)

    response = client.post(
        f"/meetings/{open_meeting.slug}/waitlist/",
        "category=x%00",
        content_type="application/x-www-form-urlencoded",
    )

    assert _refused(response)


def test_the_admin_autocomplete_refuses_a_nul_byte(admin_client_2fa):
    response = admin_client_2fa.get(
        "/admin/autocomplete/",
        {
            "term": "\x00",
            "app_label": "awards",
            "model_name": "panelmember",
            "field_name": "reviewer",
        },
    )

    assert _refused(response)


def test_ordinary_text_passes_the_guard(client):
    response = client.get("/search/", {"q": "interferon – ß ²"})

    assert response.status_code == 200


@pytest.mark.parametrize("selected", ["²", "abc", "1 OR 1=1", "9" * 30])
def test_an_admin_action_on_rows_that_are_not_ids_is_refused(admin_client_2fa, selected):
    response = admin_client_2fa.post(
        "/admin/accounts/user/",
        {"action": "delete_selected", "_selected_action": ["1", selected]},
    )

    assert response.status_code == 400
    assert "rows chosen for the action were not valid" in response.content.decode()
    assert get_user_model().objects.exists()


def test_an_admin_action_on_real_ids_still_runs(admin_client_2fa, user):
    response = admin_client_2fa.post(
        "/admin/accounts/user/",
        {"action": "delete_selected", "_selected_action": [str(user.pk)]},
    )

    assert response.status_code == 200  # the confirmation page
    assert "Are you sure" in response.content.decode()
