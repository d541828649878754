"""/membership/renew/ before renewal opens says when it opens, instead of a form that can only
be refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.services import membership_grant

pytestmark = pytest.mark.django_db


def test_renew_page_before_renewal_opens_says_when_and_offers_no_form(
    client, postdoc, membership_types, settings
):
    settings.MEMBERSHIP_RENEWAL_OPENS_DAYS = 90
    term = membership_grant(user=postdoc, membership_type=membership_types["trainee"], actor=None)
    opens = term.end_date - timedelta(days=90)
    assert opens > timezone.localdate()
    client.force_login(postdoc)

    html = client.get("/membership/renew/").content.decode()

    assert f"Renewal opens on <strong>{opens:%-d %B %Y}</strong>" in html
    assert 'name="membership_type"' not in html
    assert "Continue to payment" not in html


def test_renew_page_once_renewal_opens_shows_the_choice(
    client, postdoc, membership_types, settings
):
    membership_grant(user=postdoc, membership_type=membership_types["trainee"], actor=None)
    settings.MEMBERSHIP_RENEWAL_OPENS_DAYS = 400  # renewal already open
    client.force_login(postdoc)

    html = client.get("/membership/renew/").content.decode()

    assert "Renewal opens on" not in html
    assert 'name="membership_type"' in html


def test_a_lifetime_member_is_told_there_is_nothing_to_renew(client, postdoc, membership_types):
    membership_grant(
        user=postdoc, membership_type=membership_types["honorary-lifetime"], actor=None
    )
    client.force_login(postdoc)

    html = client.get("/membership/renew/").content.decode()

    assert "lifetime membership: there is nothing to renew" in html
    assert 'name="membership_type"' not in html
