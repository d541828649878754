"""Meeting pages do less work per view: country names looked up once per language, and the
program and committee lists rendered once per change of the meeting."""

import pytest
from django.test import Client
from django.urls import reverse
from django_countries import Countries

from icis.core import pagecache
from meetings import demo
from meetings.models import CommitteeMember, Meeting, Session
from tests.meetings.admin.test_registration import form_data
from tests.querycount import count_queries

URL = "/meetings/cytokines-2021/"


@pytest.fixture
def meeting(transactional_db, settings):
    """Committed, so that edits move the page generation the lists are kept under; each process
    reads the generation once an hour here, and at once after a write of its own."""
    settings.PAGE_CACHE_GENERATION_CHECK_SECONDS = 3600
    pagecache.reset()
    demo.load()
    yield Meeting.objects.get(slug=demo.SLUG)
    pagecache.reset()


def test_committee_countries_are_named_without_translating_each_again(client, meeting, monkeypatch):
    client.get(f"{URL}committees/")
    translated = []
    translate = Countries.translate_pair
    monkeypatch.setattr(
        Countries,
        "translate_pair",
        lambda self, *a, **kw: translated.append(a) or translate(self, *a, **kw),
    )

    html = client.get(f"{URL}committees/").content.decode()

    # 28 people with a country: before, each was translated (gettext) at every view.
    assert translated == []
    assert "(Chair), Cardiff University, Wales, United Kingdom</li>" in html
    assert "Hiroki Yoshida" in html and ", Japan</li>" in html


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _admin_post(client, url, change) -> None:
    """Save an admin change page as a browser would, with `change(data)` applied."""
    page = client.get(url)
    data = form_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= {
            f"{formset.prefix}-TOTAL_FORMS": len(formset.initial_forms),
            f"{formset.prefix}-INITIAL_FORMS": len(formset.initial_forms),
            f"{formset.prefix}-MIN_NUM_FORMS": 0,
            f"{formset.prefix}-MAX_NUM_FORMS": 1000,
        }
        for form in formset.initial_forms:
            data |= form_data(form)
    change(data)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]


def test_the_program_is_rendered_once_and_shows_an_admin_edit_at_once(admin_client_2fa, meeting):
    session = Session.objects.filter(day__meeting=meeting).order_by("pk").first()
    url = f"{URL}program/"
    first = _main(admin_client_2fa.get(url))
    queries, _ = count_queries(lambda: admin_client_2fa.get(url))
    again = _main(admin_client_2fa.get(url))

    # The program came from the cache: the meeting and, for a signed-in visitor, whether they
    # attend (their session and user are read before), instead of the days, sessions, chairs,
    # talks and speakers.
    assert queries == 4
    assert again == first and session.title in again

    _admin_post(
        admin_client_2fa,
        reverse("admin:meetings_session_change", args=[session.pk]),
        lambda data: data.update(title="A renamed opening session"),
    )
    shown = admin_client_2fa.get(url).content.decode()

    assert "A renamed opening session" in shown and session.title not in shown


def test_a_bulk_update_shows_on_the_program_within_the_generation_check(client, meeting, settings):
    session = Session.objects.filter(day__meeting=meeting).order_by("pk").first()
    url = f"{URL}program/"
    assert session.title in client.get(url).content.decode()

    # No signal, no request of this process: only the generation can tell.
    Session.objects.filter(pk=session.pk).update(title="Renamed without a save")
    settings.PAGE_CACHE_GENERATION_CHECK_SECONDS = 0  # the second has passed

    assert "Renamed without a save" in client.get(url).content.decode()


def test_the_committees_are_rendered_once_and_show_an_admin_edit_at_once(admin_client_2fa, meeting):
    client = Client()  # a visitor, beside the staff member who edits
    url = f"{URL}committees/"
    first = client.get(url).content.decode()
    queries, _ = count_queries(lambda: client.get(url))

    # Only the meeting: the committees and their members came from the cache.
    assert queries == 1
    assert "<strong>Simon A Jones</strong> (Chair), Cardiff University" in first
    membership = CommitteeMember.objects.get(
        person__name="Simon A Jones", role=CommitteeMember.Role.CHAIR
    )

    def make_co_chair(data: dict) -> None:
        key = next(k for k, v in data.items() if k.endswith("-id") and v == membership.pk)
        data[key.removesuffix("-id") + "-role"] = CommitteeMember.Role.CO_CHAIR

    _admin_post(
        admin_client_2fa,
        reverse("admin:meetings_committee_change", args=[membership.committee_id]),
        make_co_chair,
    )
    shown = client.get(url).content.decode()

    assert "<strong>Simon A Jones</strong> (Co-chair), Cardiff University" in shown
    assert "<strong>Simon A Jones</strong> (Chair)" not in shown
