"""Signed-in pages kept per session are never wrong: each person sees only their own page, a
payment recorded anywhere shows on the next request, a message shows once, signing out or a
new password ends every kept page, staff pages are never kept, and a sold-out category comes
back when the hold on its last place lapses."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from icis.accounts.models import User
from icis.core import privatecache
from icis.payments.services import payment_record_manual
from meetings.registration import Attendee, registration_checkout
from tests.factories import MemberProfileFactory, UserFactory
from tests.factories.members import member_with_term

ATTENDEE = Attendee(badge_name="Grace Hopper", affiliation="Navy", country="US")


@pytest.fixture
def kept(page_cache):
    return page_cache


def _member(first_name: str, institution: str) -> User:
    term = member_with_term(
        ends_on=timezone.localdate() + timedelta(days=200),
        user=UserFactory(first_name=first_name),
        institution=institution,
    )
    return term.user


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    client.get("/my/")  # the first answer sets the CSRF cookie, so it is not kept
    return client


def _kept_get(client, url: str):
    """The page, answered from what was kept: one query (the generation), nothing rendered."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]
    return response


def test_a_members_page_is_kept_for_their_session_and_marked_private(kept):
    ada = _signed_in(_member("Ada", "Institute of Interferons"))
    response = _kept_get(ada, "/my/")
    assert "Hello, Ada" in response.content.decode()
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert response["Content-Security-Policy"]


def test_another_member_never_gets_someone_elses_kept_page(kept):
    ada = _signed_in(_member("Ada", "Institute of Interferons"))
    grace = _signed_in(_member("Grace", "Cytokine College"))
    _kept_get(ada, "/my/")
    assert "Hello, Ada" not in grace.get("/my/").content.decode()
    grace_page = _kept_get(grace, "/my/").content.decode()
    assert "Hello, Grace" in grace_page and "Ada" not in grace_page
    # A visitor without a session is sent to sign in, as always.
    assert Client().get("/my/").status_code == 302


def test_a_payment_recorded_by_staff_shows_on_the_members_next_request(
    kept, open_meeting, staff_user
):
    user = _member("Ada", "Institute of Interferons")
    held = registration_checkout(
        user=user,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="member"),
        attendee=ATTENDEE,
    )
    ada = _signed_in(user)
    before = _kept_get(ada, "/my/payments/").content.decode()
    assert "Awaiting payment" in before or "Pending" in before or "pending" in before.lower()

    payment_record_manual(
        payment_id=held.payment.pk, method="bank_transfer", reference="BT-1", actor=staff_user
    )

    after = ada.get("/my/payments/").content.decode()
    assert after != before and "Paid" in after


def test_a_bulk_update_shows_on_the_next_request(kept):
    user = _member("Ada", "Institute of Interferons")
    ada = _signed_in(user)
    _kept_get(ada, "/my/")
    type(user).objects.filter(pk=user.pk).update(first_name="Augusta")
    assert "Augusta" in ada.get("/my/").content.decode()


def test_a_message_after_saving_the_profile_shows_once(kept):
    user = _member("Ada", "Institute of Interferons")
    ada = _signed_in(user)
    _kept_get(ada, "/my/")
    form = ada.get("/my/profile/")
    data = {
        name: value
        for name, value in (form.context["form"].initial or {}).items()
        if value is not None
    }
    data.update(
        first_name="Augusta",
        last_name=user.last_name or "Lovelace",
        institution="Cytokine College",
        country="GB",
        career_stage=user.member_profile.career_stage,
    )
    response = ada.post("/my/profile/", data, follow=True)
    assert "Your profile is saved." in response.content.decode()
    again = ada.get("/my/").content.decode()
    assert "Hello, Augusta" in again and "Your profile is saved." not in again


def test_signing_out_ends_the_kept_page_even_for_a_replayed_cookie(kept):
    ada = _signed_in(_member("Ada", "Institute of Interferons"))
    _kept_get(ada, "/my/")
    stolen = {name: morsel.value for name, morsel in ada.cookies.items()}
    ada.post("/accounts/logout/")
    replay = Client()
    for name, value in stolen.items():
        replay.cookies[name] = value
    response = replay.get("/my/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_new_password_elsewhere_ends_the_kept_page(kept):
    user = _member("Ada", "Institute of Interferons")
    ada = _signed_in(user)
    _kept_get(ada, "/my/")
    user.set_password("a brand new passphrase 2026")
    user.save()
    response = ada.get("/my/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_pages_are_never_kept(kept):
    staff = UserFactory(is_staff=True, first_name="Office")
    MemberProfileFactory(user=staff)
    client = _signed_in(staff)
    client.get("/my/")
    client.get("/my/")
    assert not privatecache.memory.entries


def test_a_sold_out_category_comes_back_when_the_last_hold_lapses(kept, open_meeting):
    non_member = open_meeting.categories.get(slug="non-member")
    non_member.capacity = 1
    non_member.save(update_fields=["capacity"])
    holder = UserFactory()
    MemberProfileFactory(user=holder)
    held = registration_checkout(
        user=holder, meeting=open_meeting, category=non_member, attendee=ATTENDEE
    )
    ada = _signed_in(_member("Ada", "Institute of Interferons"))
    url = f"{open_meeting.get_absolute_url()}register/"
    assert "(sold out)" in _kept_get(ada, url).content.decode()

    later = held.hold_expires_at + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        html = ada.get(url).content.decode()
    assert "(sold out)" not in html
