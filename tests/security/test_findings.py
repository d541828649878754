"""Defects the security harness found, each fixed with the test that shows it."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_membership_type_s_career_stage_with_a_percent_sign_is_refused_in_place(
    admin_client_2fa, membership_types
):
    """The admin's career stages were Django's comma-separated array field, whose error for a
    value containing "%" failed while the page was drawn (a server error)."""
    regular = membership_types["regular"]
    response = admin_client_2fa.post(
        f"/admin/members/membershiptype/{regular.pk}/change/",
        {
            "name": regular.name,
            "slug": regular.slug,
            "currency": regular.currency,
            "career_stages": ["postdoc", "100% trainee"],
            "ordering": "1",
            "prices-TOTAL_FORMS": "0",
            "prices-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "100% trainee is not one of the available choices" in response.content.decode()
    regular.refresh_from_db()
    assert regular.career_stages == []


def test_a_signed_webhook_event_with_a_lone_surrogate_is_acknowledged_and_ignored(client):
    """JSON may escape a lone surrogate ("\\ud800"), which has no UTF-8 form: storing the
    event's id failed with a server error, so Stripe would have resent it for days."""
    from icis.payments.models import WebhookEvent
    from tests.payments.signed import event, post_signed

    response = post_signed(client, event("payment_intent.succeeded", {"id": "pi_1"}, "evt_\ud800"))

    assert response.status_code == 200
    assert response.content == b"malformed event ignored"
    assert not WebhookEvent.objects.exists()
