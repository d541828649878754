"""What staff do with payments in the admin, and the receipts members download."""

import io

import pytest
from pypdf import PdfReader

from icis.core.models import AuditEntry
from icis.payments.models import Payment, Refund
from members.models import Membership
from tests.factories import UserFactory
from tests.payments.stripe_browser import intents_for_payment, paid_by_card

pytestmark = pytest.mark.django_db


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_staff_record_a_bank_transfer_and_the_membership_starts(
    admin_client_2fa, trainee_payment, postdoc
):
    url = f"/admin/payments/payment/{trainee_payment.pk}/record/"

    response = admin_client_2fa.post(url, {"method": "bank_transfer", "reference": "BACS 7781"})

    assert response.status_code == 302
    payment = Payment.objects.get(pk=trainee_payment.pk)
    assert (payment.status, payment.provider, payment.manual_method) == (
        "paid",
        "manual",
        "bank_transfer",
    )
    assert Membership.objects.confirmed().filter(user=postdoc).exists()
    assert AuditEntry.objects.filter(action="payment.paid", actor_label__contains="@").exists()


def test_a_manual_payment_form_with_bad_input_is_shown_again_with_errors(
    admin_client_2fa, trainee_payment
):
    response = admin_client_2fa.post(
        f"/admin/payments/payment/{trainee_payment.pk}/record/", {"method": "bitcoin"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Payment.objects.get(pk=trainee_payment.pk).status == "pending"


def test_a_partial_then_a_full_refund_through_stripe(admin_client_2fa, trainee_payment, postdoc):
    payment = paid_by_card(trainee_payment)
    url = f"/admin/payments/payment/{payment.pk}/refund/"

    too_much = admin_client_2fa.post(url, {"amount": "60.00", "reason": "typo"})
    partial = admin_client_2fa.post(url, {"amount": "20.00", "reason": "trainee discount"})
    payment.refresh_from_db()
    assert "more than remains to be refunded" in too_much.content.decode()
    assert partial.status_code == 302
    assert (payment.status, payment.amount_refunded) == ("partially_refunded", 2000)
    assert Membership.objects.confirmed().filter(user=postdoc).exists()

    admin_client_2fa.post(url, {"amount": "", "reason": "left the field"})
    payment.refresh_from_db()
    assert (payment.status, payment.amount_refunded) == ("refunded", 5000)
    assert not Membership.objects.confirmed().filter(user=postdoc).exists()
    assert list(Refund.objects.order_by("created_at").values_list("amount", flat=True)) == [
        2000,
        3000,
    ]
    assert all(refund.provider_reference.startswith("re_") for refund in Refund.objects.all())
    assert intents_for_payment(payment)[0]["status"] == "succeeded"


def test_a_pending_payment_cannot_be_refunded(admin_client_2fa, trainee_payment):
    response = admin_client_2fa.post(
        f"/admin/payments/payment/{trainee_payment.pk}/refund/", {"amount": "5.00"}
    )
    assert "Only a paid payment can be refunded." in response.content.decode()


def test_the_payer_downloads_a_receipt_with_the_society_number_items_and_amount(
    client, trainee_payment, postdoc
):
    payment = paid_by_card(trainee_payment)
    client.force_login(postdoc)

    text = _pdf_text(client.get(f"/my/payments/{payment.pk}/receipt.pdf"))

    assert "International Cytokine & Interferon Society" in text
    assert payment.receipt_number in text
    assert "Trainee membership, 1 year" in text
    assert "$50.00" in text
    assert "Rosalind Franklin" in text


def test_nobody_else_sees_a_receipt_and_unpaid_ones_do_not_exist(client, trainee_payment, postdoc):
    payment = paid_by_card(trainee_payment)
    client.force_login(UserFactory())
    assert client.get(f"/my/payments/{payment.pk}/receipt.pdf").status_code == 404

    client.force_login(postdoc)
    Payment.objects.filter(pk=payment.pk).update(status="pending")
    assert client.get(f"/my/payments/{payment.pk}/receipt.pdf").status_code == 404


def test_someone_else_s_pay_page_is_not_found(client, trainee_payment):
    client.force_login(UserFactory())
    assert client.get(f"/payments/{trainee_payment.public_id}/pay/").status_code == 404
    assert client.get(f"/payments/{trainee_payment.public_id}/return/").status_code == 404


def test_the_receipt_footer_names_the_society_and_the_receipt_carries_its_address(
    client, trainee_payment, postdoc, settings
):
    settings.SOCIETY_POSTAL_ADDRESS = "ICIS Office | 9650 Rockville Pike | Bethesda, MD 20814, USA"
    payment = paid_by_card(trainee_payment)
    client.force_login(postdoc)

    text = _pdf_text(client.get(f"/my/payments/{payment.pk}/receipt.pdf"))

    assert "&amp;" not in text
    assert f"International Cytokine & Interferon Society · receipt {payment.receipt_number}" in text
    assert "ICIS Office\n9650 Rockville Pike\nBethesda, MD 20814, USA" in text
