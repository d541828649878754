"""The call's page, submitting and editing (errors in place, text kept), withdrawing, and
"Your abstracts", with their query counts."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.abstracts.models import Abstract
from tests.factories import (
    AbstractCallFactory,
    AbstractFactory,
    AbstractTopicFactory,
    MeetingFactory,
)
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db

TITLE = "IL-1\u03b2 and IFN-\u03b3 in T_{H}17 cells"
BODY = "TNF-\u03b1 rose \u2265 2-fold at 10 \u00b5M Ca^{2+} <b>not bold</b>."


def form_data(call, **changes) -> dict:
    data = {
        "title": TITLE,
        "topic": str(call.topics.first().pk),
        "preference": "poster",
        "body": BODY,
        "keywords": "IL-1\u03b2, sepsis",
        "conflicts": "None",
        "publication_consent": "on",
        "authors-TOTAL_FORMS": "3",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "20",
        "authors-0-name": "Ada Okafor",
        "authors-0-email": "ada@example.org",
        "authors-0-affiliations": "1",
        "authors-0-is_presenting": "on",
        "authors-1-name": "Bram de Vries",
        "authors-1-affiliations": "1, 2",
        "affiliations-TOTAL_FORMS": "2",
        "affiliations-INITIAL_FORMS": "0",
        "affiliations-MIN_NUM_FORMS": "0",
        "affiliations-MAX_NUM_FORMS": "30",
        "affiliations-0-name": "Institute of Immunology, Cardiff",
        "affiliations-1-name": "Virology Unit, Leiden",
        "action": "save",
    }
    return data | changes


@pytest.fixture
def signed_in(client, submitter):
    client.force_login(submitter)
    return client


def _submit_url(call):
    return reverse("abstracts:submit", args=[call.meeting.slug])


def test_the_call_page_shows_topics_rules_and_times_in_the_meetings_zone(client, call):
    call.closes_at = datetime(2027, 7, 1, 22, 59, tzinfo=UTC)
    call.presenter_registered_by = date(2027, 8, 1)
    call.save()
    page = client.get(reverse("abstracts:call", args=[call.meeting.slug]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Interferons and antiviral immunity" in text
    assert "Cytokines in cancer" in text
    # 22:59 UTC is 23:59 in London in July, shown with the zone; the script adds local time.
    assert '<time datetime="2027-07-01T22:59:00+00:00" data-local-deadline>' in text
    assert "Thursday 1 July 2027, 23:59 BST" in text
    assert "register for the meeting by 1 August 2027" in text
    assert 'href="/meetings/cytokines-2027/abstracts/" aria-current="page">Abstracts<' in text
    assert "Sign in to submit an abstract" in text


def test_a_meeting_without_a_call_says_so(client):
    meeting = MeetingFactory(status="announced")
    page = client.get(reverse("abstracts:call", args=[meeting.slug]))
    assert page.status_code == 200
    assert "has no call for abstracts" in page.content.decode()
    assert client.get("/meetings/no-such-meeting/abstracts/").status_code == 404


def test_the_meetings_pages_link_to_the_call(client, call):
    page = client.get(reverse("meetings:detail", args=[call.meeting.slug]))
    assert 'href="/meetings/cytokines-2027/abstracts/">Abstracts</a>' in page.content.decode()


def test_submitting_needs_an_account(client, call):
    response = client.get(_submit_url(call))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_form_starts_with_the_submitter_as_presenting_author(signed_in, call):
    page = signed_in.get(_submit_url(call))
    form = page.context["submission"].authors.forms[0]
    assert form.initial == {"name": "Ada Okafor", "email": "ada@example.org", "is_presenting": True}
    text = page.content.decode()
    assert '<label for="id_body">Abstract:</label>' in text
    assert 'aria-describedby="id_body_helptext"' in text
    assert 'data-count-limit="100"' in text


def test_a_draft_is_saved_and_the_greek_text_comes_back_intact(signed_in, call, submitter):
    response = signed_in.post(_submit_url(call), form_data(call))
    abstract = Abstract.objects.get()
    assert response.status_code == 302 and response["Location"] == abstract.get_absolute_url()
    assert (abstract.title, abstract.body) == (TITLE, BODY)
    page = signed_in.get(abstract.get_absolute_url()).content.decode()
    assert "IL-1\u03b2 and IFN-\u03b3 in T_{H}17 cells" in page
    assert (
        "TNF-\u03b1 rose \u2265 2-fold at 10 \u00b5M Ca^{2+} &lt;b&gt;not bold&lt;/b&gt;." in page
    )
    mine = signed_in.get(reverse("abstracts:mine")).content.decode()
    assert "IL-1\u03b2 and IFN-\u03b3 in T<sub>H</sub>17 cells" in mine


def test_over_the_limit_is_shown_beside_the_body_and_the_text_is_kept(signed_in, call):
    long_body = "\u03b2" * 130
    page = signed_in.post(_submit_url(call), form_data(call, body=long_body, action="submit"))
    text = page.content.decode()
    assert page.status_code == 200
    assert not Abstract.objects.exists()
    assert re.search(r'<textarea[^>]*aria-invalid="true"[^>]*id="id_body"', text)
    assert 'aria-describedby="id_body_helptext id_body_error"' in text
    assert (
        '<ul class="errorlist" id="id_body_error"><li>The abstract is 130 characters long: 30 over'
        in text
    )
    assert f">\n{long_body}</textarea>" in text
    assert 'value="IL-1\u03b2 and IFN-\u03b3 in T_{H}17 cells"' in text
    assert "130 of 100 characters: 30 over the limit" in text


def test_a_missing_presenting_author_is_shown_with_the_authors(signed_in, call):
    data = form_data(call, action="submit")
    del data["authors-0-is_presenting"]
    text = signed_in.post(_submit_url(call), data).content.decode()
    assert 'aria-describedby="authors-help authors-errors"' in text
    assert "Mark the author who will present the abstract." in text
    assert not Abstract.objects.exists()


def test_an_affiliation_number_that_does_not_exist_is_refused_on_its_row(signed_in, call):
    text = signed_in.post(_submit_url(call), form_data(call, **{"authors-1-affiliations": "1, 3"}))
    assert "There is no affiliation 3: the list has 2." in text.content.decode()
    text = signed_in.post(_submit_url(call), form_data(call, **{"authors-1-affiliations": "one"}))
    assert "Write affiliation numbers separated by commas" in text.content.decode()
    assert not Abstract.objects.exists()


def test_more_authors_than_the_call_allows_are_refused(signed_in, call):
    call.max_authors = 2
    call.save()
    data = form_data(call, **{"authors-TOTAL_FORMS": "3", "authors-2-name": "Cai Wen"})
    assert (
        "at most 2 authors; there are 3" in signed_in.post(_submit_url(call), data).content.decode()
    )
    assert not Abstract.objects.exists()


def test_add_another_author_shows_one_more_row_and_keeps_everything(signed_in, call):
    page = signed_in.post(_submit_url(call), form_data(call, action="add_author"))
    authors = page.context["submission"].authors
    assert authors.total_form_count() == 4
    assert authors.forms[1].initial["name"] == "Bram de Vries"
    assert 'value="IL-1\u03b2 and IFN-\u03b3 in T_{H}17 cells"' in page.content.decode()
    assert "errorlist" not in page.content.decode()
    assert not Abstract.objects.exists()


def test_submit_then_see_it_in_your_abstracts(signed_in, call):
    response = signed_in.post(_submit_url(call), form_data(call, action="submit"))
    assert response["Location"] == reverse("abstracts:mine")
    abstract = Abstract.objects.get()
    assert abstract.status == Abstract.Status.SUBMITTED
    page = signed_in.get(reverse("abstracts:mine")).content.decode()
    assert f"{abstract.number} is submitted" in page
    assert "Submitted" in page


def test_a_form_opened_before_the_call_closed_and_sent_after_is_refused(signed_in, call):
    signed_in.post(_submit_url(call), form_data(call))
    abstract = Abstract.objects.get()
    assert signed_in.get(abstract.get_absolute_url()).context["editable"]
    # The tab stays open while the call closes.
    call.closes_at = timezone.now() - timedelta(seconds=1)
    call.save()
    changed = form_data(call, title="IL-1\u03b2, changed too late", action="submit")
    page = signed_in.post(abstract.get_absolute_url(), changed)
    text = page.content.decode()
    assert page.status_code == 200
    assert "The call for abstracts has closed" in text
    assert 'value="IL-1\u03b2, changed too late"' in text
    abstract.refresh_from_db()
    assert (abstract.title, abstract.status) == (TITLE, Abstract.Status.DRAFT)


def test_withdraw_from_the_abstracts_page(signed_in, call):
    signed_in.post(_submit_url(call), form_data(call, action="submit"))
    abstract = Abstract.objects.get()
    response = signed_in.post(abstract.get_absolute_url(), {"action": "withdraw"})
    assert response["Location"] == reverse("abstracts:mine")
    abstract.refresh_from_db()
    assert abstract.status == Abstract.Status.WITHDRAWN
    page = signed_in.get(abstract.get_absolute_url()).content.decode()
    assert "Withdraw this abstract" not in page
    assert "Save draft" not in page


def test_someone_elses_abstract_is_not_found(signed_in, call):
    other = AbstractFactory(call=call)
    assert signed_in.get(other.get_absolute_url()).status_code == 404
    assert signed_in.post(other.get_absolute_url(), {"action": "withdraw"}).status_code == 404


def test_your_abstracts_in_a_fixed_number_of_queries(signed_in, submitter):
    def grow(count):
        for _ in range(count):
            AbstractFactory(submitter=submitter, call=AbstractCallFactory())

    assert_queries_at_sizes(
        expected=3,
        grow=grow,
        action=lambda: signed_in.get(reverse("abstracts:mine")),
        sizes=(2, 12),
    )


def test_the_call_page_in_a_fixed_number_of_queries(signed_in, call, submitter):
    def grow(count):
        for _ in range(count):
            AbstractTopicFactory(call=call)
            AbstractFactory(call=call, submitter=submitter, topic=call.topics.first())

    assert_queries_at_sizes(
        expected=5,
        grow=grow,
        action=lambda: signed_in.get(reverse("abstracts:call", args=[call.meeting.slug])),
        sizes=(2, 12),
    )


def test_after_the_call_closes_the_abstract_is_shown_read_only_with_its_markup(signed_in, call):
    signed_in.post(_submit_url(call), form_data(call, action="submit"))
    abstract = Abstract.objects.get()
    call.closes_at = timezone.now() - timedelta(seconds=1)
    call.save()
    text = signed_in.get(abstract.get_absolute_url()).content.decode()
    assert '<form method="post" class="panel"' not in text
    assert "IL-1\u03b2 and IFN-\u03b3 in T<sub>H</sub>17 cells" in text
    assert "Ca<sup>2+</sup> &lt;b&gt;not bold&lt;/b&gt;." in text
    assert "Withdraw this abstract" in text


def test_the_submit_page_of_a_closed_call_leads_back_to_the_call(signed_in, call):
    call.closes_at = timezone.now() - timedelta(seconds=1)
    call.save()
    response = signed_in.get(_submit_url(call), follow=True)
    assert response.redirect_chain == [(f"/meetings/{call.meeting.slug}/abstracts/", 302)]
    text = response.content.decode()
    assert "The call for abstracts is not open." in text
    assert "The call for abstracts is closed." in text
    assert "Submit an abstract" not in text
