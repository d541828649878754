"""The same research-news form sent twice (a double click, a resend after a slow answer) is
stored once; a new form is a new item."""

import re

import pytest
from django.test import Client

from icis.core.models import AuditEntry
from news.models import ResearchNews
from tests.news.test_research_news import PAPER, URL, _member

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(membership_types):
    client = Client()
    client.force_login(_member(membership_types))
    return client


def _token(html: str) -> str:
    return re.search(r'name="form_token" value="([0-9a-f-]{36})"', html).group(1)


def _data(token: str, **overrides) -> dict:
    return {
        "title": "IL-6 signalling in cytokine storms",
        "summary": "We show how IL-6 trans-signalling drives the storm.",
        "paper_url": PAPER,
        "form_token": token,
        **overrides,
    }


def test_the_same_form_sent_twice_is_stored_once(member_client):
    token = _token(member_client.get(URL).content.decode())

    first = member_client.post(URL, _data(token))
    second = member_client.post(URL, _data(token))

    assert first.status_code == second.status_code == 302
    assert ResearchNews.objects.count() == 1
    assert AuditEntry.objects.filter(action="research_news.submit").count() == 1


def test_a_form_corrected_after_an_error_keeps_its_token_and_makes_one_item(member_client):
    token = _token(member_client.get(URL).content.decode())

    refused = member_client.post(URL, _data(token, title=""))
    assert refused.status_code == 200 and _token(refused.content.decode()) == token
    member_client.post(URL, _data(token))
    member_client.post(URL, _data(token))

    assert ResearchNews.objects.count() == 1


def test_each_new_form_is_a_new_item(member_client):
    first = _token(member_client.get(URL).content.decode())
    second = _token(member_client.get(URL).content.decode())
    assert first != second

    member_client.post(URL, _data(first))
    member_client.post(URL, _data(second, title="A second paper"))

    assert sorted(ResearchNews.objects.values_list("title", flat=True)) == [
        "A second paper",
        "IL-6 signalling in cytokine storms",
    ]
