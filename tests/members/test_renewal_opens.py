"""/membership/renew/ before renewal opens says when it opens, instead of a form that can only
be refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import MemberProfile
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


def test_with_automatic_renewal_on_nobody_is_told_to_come_back(
    client, postdoc, membership_types, settings
):
    """A member who kept their card when paying is told renewal is taken care of, on the renew
    page and on their account page, not asked to come back and renew by hand."""
    settings.MEMBERSHIP_RENEWAL_OPENS_DAYS = 90
    membership_grant(user=postdoc, membership_type=membership_types["trainee"], actor=None)
    MemberProfile.objects.filter(user=postdoc).update(auto_renew=True)
    client.force_login(postdoc)

    renew = client.get("/membership/renew/").content.decode()
    portal = client.get("/my/").content.decode()

    assert "come back then" not in renew
    assert "automatic renewal is on, so there is nothing for you to do" in renew
    assert "we will remind you" not in portal
    assert "Automatic renewal is on" in portal
    membership_card = portal.split('id="membership-title"')[1].split("</section>")[0]
    assert 'href="/my/auto-renew/"' in membership_card
