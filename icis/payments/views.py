import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.http.request import RawPostDataException
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from icis.accounts.staff import acts_as_staff
from icis.core.locks import LockBusy

from . import services
from .documents import receipt_pdf
from .exceptions import GatewayError, PaymentError, SignatureError
from .models import Payment
from .stripe_gateway import webhook_event
from .webhooks import webhook_event_handle

logger = logging.getLogger(__name__)


def _own_payment(request, public_id) -> Payment:
    payment = get_object_or_404(Payment.objects.prefetch_related("items"), public_id=public_id)
    if payment.payer_id != request.user.pk:
        raise Http404("There is no payment at this address.")
    return payment


def _next_url(payment: Payment) -> str:
    safe = url_has_allowed_host_and_scheme(payment.next_url, allowed_hosts=None)
    return payment.next_url if safe else "/my/"


@login_required
def pay(request, public_id):
    """What is being paid for and the card form. Opening it asks Stripe nothing and writes
    nothing: the PaymentIntent is made when the payer presses Pay (`payment_intent`)."""
    payment = _own_payment(request, public_id)
    try:
        card_form = services.payment_card_form(payment=payment)
    except PaymentError as exc:
        messages.info(request, str(exc))
        return redirect(_next_url(payment))
    return render(
        request,
        "payments/pay.html",
        {"payment": payment, "checkout": card_form, "office_email": settings.SOCIETY_OFFICE_EMAIL},
    )


def _refused(message: str, status: int) -> JsonResponse:
    return JsonResponse({"status": "error", "message": message}, status=status)


def payment_intent(request, public_id):
    """The pay page's script posts here when the payer presses Pay, before Stripe.js confirms
    the card: the payment's one PaymentIntent (made on the first press, reused after). Every
    refusal is JSON with a sentence the page shows beside the card form."""
    if not request.user.is_authenticated:
        return _refused(
            "You are no longer signed in. Please sign in again; nothing was charged.", 403
        )
    if request.method != "POST":
        return _refused("Pay with the card form on the payment's page.", 405)
    payment = Payment.objects.filter(public_id=public_id, payer_id=request.user.pk).first()
    if payment is None:
        return _refused("There is no payment at this address.", 404)
    try:
        checkout = services.payment_checkout(payment_id=payment.pk)
    except LockBusy as exc:
        return _refused(str(exc), 503)
    except GatewayError as exc:
        return _refused(str(exc), 502)
    except PaymentError as exc:
        return _refused(str(exc), 409)
    return JsonResponse(
        {
            "status": "ok",
            "client_secret": checkout.intent_client_secret,
            "card_saving": checkout.offers_card_saving,
        }
    )


@login_required
def payment_return(request, public_id):
    """Where the payer lands after paying. The payment is confirmed here as well as by the
    webhook, whichever comes first, from what Stripe says, not from the address. A failed
    attempt is told once, by the pay page it goes back to."""
    payment = _own_payment(request, public_id)
    try:
        payment = services.payment_sync(payment_id=payment.pk)
    except GatewayError as exc:
        messages.warning(
            request, f"{exc} If you were charged, your payment will show here shortly."
        )
        return redirect(_next_url(payment))
    if payment.is_paid:
        messages.success(
            request,
            f"Thank you: your payment of {payment.amount_display} is confirmed. "
            f"Receipt {payment.receipt_number} is in your account and on its way by email.",
        )
        return redirect(_next_url(payment))
    if payment.status == Payment.Status.REVIEW:
        messages.warning(request, services.REVIEW_MESSAGE)
        return redirect(_next_url(payment))
    if payment.status == Payment.Status.CANCELLED:
        messages.info(request, "This payment was cancelled. Please start again.")
        return redirect(_next_url(payment))
    return redirect(payment.get_pay_url())


@login_required
def receipt(request, payment_id: int):
    payment = get_object_or_404(Payment, pk=payment_id)
    if not (payment.payer_id == request.user.pk or acts_as_staff(request)) or not payment.is_paid:
        raise Http404("There is no receipt at this address.")
    response = HttpResponse(receipt_pdf(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{payment.receipt_number}.pdf"'
    return response


def _storable(event: dict) -> bool:
    """False when the event holds text that has no UTF-8 form, so the database cannot keep it:
    a lone surrogate, sent as a JSON escape like "\\ud800" (never by Stripe)."""
    import json

    try:
        json.dumps(event, ensure_ascii=False, default=str).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        event = webhook_event(request.body, request.headers.get("Stripe-Signature", ""))
    except RawPostDataException:
        # A form-encoded or multipart body (never Stripe's JSON) was read as a form already.
        return HttpResponseBadRequest("not a Stripe event")
    except SignatureError:
        return HttpResponseBadRequest("invalid signature")
    if not isinstance(event, dict) or not _storable(event):
        return HttpResponse("malformed event ignored")
    try:
        outcome = webhook_event_handle(event)
    except (GatewayError, LockBusy):
        # Stripe will send the event again later; until then nothing has changed.
        return HttpResponse("busy, send again", status=503)
    return HttpResponse(outcome)
