"""The member's own pages, the membership page and the directory."""

import io
import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from pypdf import PdfReader

from icis.core.models import AuditEntry
from icis.mail.models import OutboundEmail
from icis.payments import services as payment_services
from icis.payments.models import Payment
from members.models import CareerStage, MemberProfile, Membership
from members.services import membership_checkout
from tests.factories import PASSWORD, UserFactory
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db
User = get_user_model()


def _member(membership_types, user=None, **profile):
    user = user or UserFactory()
    MemberProfile.objects.update_or_create(
        user=user,
        defaults={
            "institution": "University of Example",
            "country": "GB",
            "career_stage": CareerStage.SENIOR,
            **profile,
        },
    )
    payment = membership_checkout(user=user, membership_type=membership_types["regular"])
    payment_services.payment_record_manual(
        payment_id=payment.pk, method="waived", reference="", actor=None
    )
    return user


def test_membership_page_lists_types_prices_and_benefits(client, membership_types):
    html = client.get("/membership/").content.decode()
    assert "Trainee" in html and "$50.00" in html and "$150.00" in html
    assert "Honorary / Lifetime" not in html  # granted, not bought
    assert "Signals+ Newsletter" in html and "Join the society" in html


def test_joining_asks_for_the_profile_first_then_shows_which_types_fit(client, membership_types):
    user = UserFactory()
    client.force_login(user)

    response = client.get("/membership/join/", follow=True)
    assert response.redirect_chain[-1][0] == "/my/profile/?next=%2Fmembership%2Fjoin%2F"
    assert (
        "please complete your profile: institution, country, career stage"
        in response.content.decode()
    )

    MemberProfile.objects.filter(user=user).update(
        institution="X", country="FR", career_stage=CareerStage.RETIRED
    )
    html = client.get("/membership/join/").content.decode()
    assert "Not available to you: Only for graduate student" in html  # Trainee
    assert 'value="emeritus"' in html


def test_choosing_an_ineligible_or_unknown_type_is_refused_in_place(
    client, postdoc, membership_types
):
    client.force_login(postdoc)
    for value, message in (
        ("emeritus", "Emeritus: Only for retired or emeritus."),
        ("honorary-lifetime", "That membership is not offered"),
        ("'; DROP TABLE members;--", "That membership is not offered"),
        ("", "Choose a membership."),
    ):
        response = client.post("/membership/join/", {"membership_type": value})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not Payment.objects.exists()


def test_choosing_trainee_goes_to_the_pay_page(client, postdoc, membership_types):
    client.force_login(postdoc)
    response = client.post("/membership/join/", {"membership_type": "trainee"})
    payment = Payment.objects.get()
    assert response["Location"] == f"/payments/{payment.public_id}/pay/"
    assert payment.amount == 5000


def test_profile_errors_are_shown_next_to_their_fields(client, postdoc):
    client.force_login(postdoc)
    response = client.post(
        "/my/profile/",
        {
            "first_name": "Rosalind",
            "last_name": "",
            "institution": "King's College London",
            "country": "XX",
            "career_stage": "postdoc",
            "orcid": "0000-0002-1825-0098",
            "degree_year": "1850",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "last character does not match" in html
    assert "Select a valid choice. XX is not one of the available choices." in html
    assert "Ensure this value is greater than or equal to 1940." in html
    assert 'value="King&#x27;s College London"' in html  # nothing typed is lost


def test_profile_saves_and_normalises_an_orcid_link(client, postdoc):
    client.force_login(postdoc)
    client.post(
        "/my/profile/",
        {
            "first_name": "Rosalind",
            "last_name": "Franklin",
            "institution": "King's College London",
            "country": "GB",
            "career_stage": "postdoc",
            "orcid": "https://orcid.org/0000-0002-1825-0097",
            "directory_opt_in": "on",
        },
    )
    profile = MemberProfile.objects.get(user=postdoc)
    assert profile.orcid == "0000-0002-1825-0097"
    assert profile.directory_opt_in
    assert AuditEntry.objects.filter(action="profile.update", actor=postdoc).exists()


def test_portal_shows_status_dates_payments_and_certificate(client, membership_types):
    member = _member(membership_types)
    client.force_login(member)
    html = client.get("/my/").content.decode()
    term = Membership.objects.confirmed().get(user=member)
    assert f"Active: <strong>Regular</strong>, until {term.end_date:%-d %B %Y}" in html
    assert "Renewal opens on" in html
    payment = Payment.objects.get(payer=member)
    assert payment.receipt_number in html

    certificate = client.get("/my/certificate.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(certificate.content)).pages)
    assert "Certificate of membership" in text and member.get_full_name() in text


def test_a_non_member_gets_no_certificate(client, user):
    client.force_login(user)
    response = client.get("/my/certificate.pdf", follow=True)
    assert "The membership certificate is for active members." in response.content.decode()


def test_export_my_data_holds_profile_terms_and_payments(client, membership_types):
    member = _member(membership_types, research_interests="STAT3 in gut inflammation")
    client.force_login(member)
    data = json.loads(client.get("/my/export.json").content)
    assert data["account"]["email"] == member.email
    assert data["profile"]["research_interests"] == "STAT3 in gut inflammation"
    assert data["memberships"][0]["type"] == "Regular"
    assert data["payments"][0]["status"] == "paid"


def test_deleting_an_account_erases_the_person_and_keeps_anonymous_receipts(
    client, membership_types
):
    member = _member(membership_types)
    client.force_login(member)
    wrong = client.post("/my/delete/", {"password": "nope", "confirm": "on"})
    assert "That is not your password." in wrong.content.decode()

    response = client.post("/my/delete/", {"password": PASSWORD, "confirm": "on"}, follow=True)

    assert "Your account has been deleted" in response.content.decode()
    assert not User.objects.filter(email=member.email).exists()
    payment = Payment.objects.get()
    assert (payment.payer, payment.payer_name, payment.status) == (None, "Former member", "paid")
    assert payment.receipt_number
    assert not OutboundEmail.objects.filter(to_email=member.email).exists()
    assert not AuditEntry.objects.filter(actor_label=member.email).exists()


def test_directory_is_for_members(client, user):
    client.force_login(user)
    response = client.get("/members/")
    assert response.status_code == 403
    assert "open to members of the society" in response.content.decode()


def test_directory_lists_active_opted_in_members_and_searches(client, membership_types):
    viewer = _member(membership_types)
    listed = _member(
        membership_types,
        directory_opt_in=True,
        institution="Cardiff University",
        research_interests="IL-6 trans-signalling",
    )
    _member(membership_types, directory_opt_in=False, institution="Cardiff University")
    lapsed = _member(membership_types, directory_opt_in=True, institution="Cardiff University")
    Membership.objects.filter(user=lapsed).update(
        start_date=timezone.localdate() - timedelta(days=800),
        end_date=timezone.localdate() - timedelta(days=400),
    )
    client.force_login(viewer)

    html = client.get("/members/?q=cardiff").content.decode()
    assert "1 member found." in html and listed.last_name in html
    assert (
        "1 member found." in client.get("/members/?q=trans-signalling&country=GB").content.decode()
    )
    assert "0 members found." in client.get("/members/?country=FR").content.decode()
    assert client.get("/members/?q=" + "x" * 500 + "&page=banana").status_code == 200


def test_directory_query_count_is_the_same_for_a_small_and_a_large_directory(
    client, membership_types
):
    viewer = _member(membership_types)
    client.force_login(viewer)
    regular = membership_types["regular"]
    today = timezone.localdate()

    def grow(n: int):
        have = User.objects.count()
        users = User.objects.bulk_create(
            User(email=f"m{k}@example.org", first_name=f"Given{k}", last_name=f"Family{k}")
            for k in range(have, have + n)
        )
        MemberProfile.objects.bulk_create(
            MemberProfile(
                user=u,
                institution="Institute",
                country="DE",
                directory_opt_in=True,
                career_stage=CareerStage.SENIOR,
            )
            for u in users
        )
        Membership.objects.bulk_create(
            Membership(
                user=u,
                membership_type=regular,
                source="import",
                start_date=today,
                end_date=today + timedelta(days=364),
                confirmed_at=timezone.now(),
            )
            for u in users
        )

    # Page 2 of the search exists at both sizes: 60 listed members, then 600 more.
    # The session, the viewer, their standing, the count and the page of rows.
    assert_queries_at_sizes(
        expected=5,
        grow=grow,
        action=lambda: client.get("/members/?q=Given&page=2"),
        sizes=(60, 600),
    )
