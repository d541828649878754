"""The automatic renewal page asks Stripe nothing when it is opened: the Stripe customer and the
SetupIntent are made when a current member starts saving a card, and for nobody else."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from icis.payments.models import SavedCard, StripeCustomer
from icis.payments.services import Checkout
from members.models import MemberProfile
from tests.factories import UserFactory, member_with_term
from tests.payments.stripe_browser import collect_card
from tests.payments.stripe_calls import Writes, stripe_calls, stripe_unreachable  # noqa: F401

pytestmark = pytest.mark.django_db
SETUP_URL = "/my/auto-renew/card/setup/"


def _user_with_term(membership_types, *, ends_in_days: int):
    end = timezone.localdate() + timedelta(days=ends_in_days)
    return member_with_term(ends_on=end, membership_type=membership_types["regular"]).user


@pytest.fixture
def member(membership_types):
    return _user_with_term(membership_types, ends_in_days=200)


def test_opening_the_page_asks_stripe_nothing_and_writes_nothing(
    client,
    member,
    stripe_calls,  # noqa: F811
):
    client.force_login(member)

    with Writes() as writes:
        for _ in range(3):
            page = client.get("/my/auto-renew/")

    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="save-card-form"' in html and "Save card and renew automatically" in html
    assert "_secret_" not in html and "seti_" not in html
    assert stripe_calls == []
    assert writes.statements == []
    assert not StripeCustomer.objects.exists()


def test_someone_who_is_not_a_member_gets_no_card_form_and_no_stripe_customer(
    client,
    membership_types,
    stripe_calls,  # noqa: F811
):
    newcomer = UserFactory()  # signed up, never joined: no profile either
    client.force_login(newcomer)

    with Writes() as writes:
        page = client.get("/my/auto-renew/")
    answer = client.post(SETUP_URL)

    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="save-card-form"' not in html
    assert "Automatic renewal renews a current membership." in html
    assert answer.status_code == 403
    assert answer.json()["status"] == "error"
    assert answer.json()["message"].startswith("Automatic renewal renews a current membership.")
    assert stripe_calls == [] and writes.statements == []
    assert not StripeCustomer.objects.exists() and not MemberProfile.objects.exists()


def test_a_lapsed_member_is_told_to_renew_first(client, membership_types):
    lapsed = _user_with_term(membership_types, ends_in_days=-200)
    client.force_login(lapsed)

    html = client.get("/my/auto-renew/").content.decode()
    answer = client.post(SETUP_URL)

    assert 'id="save-card-form"' not in html and 'href="/membership/renew/"' in html
    assert answer.status_code == 403
    assert not StripeCustomer.objects.exists()


def test_a_member_saving_a_card_gets_the_setup_on_post_and_automatic_renewal_turns_on(
    client,
    member,
    stripe_calls,  # noqa: F811
):
    client.force_login(member)
    client.get("/my/auto-renew/")

    answer = client.post(SETUP_URL)

    assert answer.status_code == 200
    setup = answer.json()
    assert setup["status"] == "ok" and setup["setup_id"].startswith("seti_")
    assert len(stripe_calls) == 2  # the customer, once per member, and the SetupIntent
    card = collect_card(
        Checkout(
            publishable_key=settings.STRIPE["publishable_key"],
            js_url=settings.STRIPE["js_url"],
            setup_client_secret=setup["client_secret"],
            setup_id=setup["setup_id"],
        )
    )
    saved = client.post(
        "/my/auto-renew/card/", {"setup_intent": setup["setup_id"], "payment_method": card}
    )
    assert saved.json() == {"status": "ok"}
    assert SavedCard.objects.get(user=member).last4 == "4242"
    assert MemberProfile.objects.get(user=member).auto_renew is True


def test_the_setup_address_answers_a_sentence_to_a_get_and_to_a_signed_out_visitor(client, member):
    signed_out = client.post(SETUP_URL)
    client.force_login(member)
    opened = client.get(SETUP_URL)

    assert (signed_out.status_code, opened.status_code) == (403, 405)
    assert signed_out.json()["status"] == "error" and "sign in" in signed_out.json()["message"]
    assert opened.json()["status"] == "error" and opened.json()["message"]
    assert not StripeCustomer.objects.exists()


def test_saving_a_card_while_stripe_does_not_answer_says_so_and_the_page_still_opens(
    client,
    member,
    stripe_unreachable,  # noqa: F811
):
    client.force_login(member)
    page = client.get("/my/auto-renew/")

    answer = client.post(SETUP_URL)

    assert page.status_code == 200 and 'id="save-card-form"' in page.content.decode()
    assert answer.status_code == 502
    assert answer.json()["message"].startswith("The card service did not answer as expected.")
    assert not StripeCustomer.objects.exists()
