"""Ids in the admin's filters and links are ASCII digits: "²" (which `str.isdigit()` accepts)
or a number past the column's range lists nothing instead of failing."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ODD_IDS = ["²", "١", "99999999999999999999", "-1", ""]


@pytest.mark.parametrize("value", ODD_IDS)
@pytest.mark.parametrize(
    "url, parameter",
    [
        ("admin:meetings_registration_changelist", "meeting__id__exact"),
        ("admin:meetings_registration_changelist", "category"),
        ("admin:awards_application_changelist", "cycle"),
        ("admin:awards_review_changelist", "cycle"),
        ("admin:meetings_registration_manual", "meeting"),
    ],
)
def test_an_odd_id_in_an_admin_filter_is_not_a_server_error(
    admin_client_2fa, open_meeting, url, parameter, value
):
    response = admin_client_2fa.get(reverse(url), {parameter: value})

    # The list opens (empty, or with Django's "invalid filter" redirect); never a 500.
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert "e=1" in response["Location"]


def test_a_known_id_still_filters(admin_client_2fa, open_meeting):
    category = open_meeting.categories.first()
    response = admin_client_2fa.get(
        reverse("admin:meetings_registration_changelist"),
        {"meeting__id__exact": str(open_meeting.pk), "category": str(category.pk)},
    )

    assert response.status_code == 200
    assert category.name in response.content.decode()
