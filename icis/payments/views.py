import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import services
from .documents import receipt_pdf
from .exceptions import GatewayError, PaymentError, SignatureError
from .forms import CollectedCardForm
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
    payment = _own_payment(request, public_id)
    if payment.is_paid:
        messages.info(request, "This payment has already been made.")
        return redirect(_next_url(payment))
    try:
        checkout = services.payment_checkout(payment_id=payment.pk)
    except PaymentError as exc:
        messages.info(request, str(exc))
        return redirect(_next_url(payment))
    return render(request, "payments/pay.html", {"payment": payment, "checkout": checkout})


@login_required
@require_POST
def card(request, public_id):
    """The pay page's script sends the card Stripe.js collected; the answer says what next."""
    payment = _own_payment(request, public_id)
    form = CollectedCardForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"status": "error", "message": form.MISSING}, status=400)
    try:
        result = services.payment_charge_card(
            payment_id=payment.pk,
            setup_id=form.cleaned_data["setup_intent"],
            payment_method=form.cleaned_data["payment_method"],
        )
    except (PaymentError, GatewayError) as exc:
        return JsonResponse({"status": "error", "message": str(exc)}, status=409)
    return JsonResponse(
        {
            "status": result.status,
            "client_secret": result.intent_client_secret,
            "message": result.message,
        }
    )


@login_required
def payment_return(request, public_id):
    """Where the payer lands after paying. The payment is confirmed here as well as by the
    webhook, whichever comes first, from what Stripe says, not from the address."""
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
    if payment.last_error:
        messages.error(request, f"The payment did not go through: {payment.last_error}")
    return redirect(payment.get_pay_url())


@login_required
def receipt(request, payment_id: int):
    payment = get_object_or_404(Payment, pk=payment_id)
    if not (payment.payer_id == request.user.pk or request.user.is_staff) or not payment.is_paid:
        raise Http404("There is no receipt at this address.")
    response = HttpResponse(receipt_pdf(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{payment.receipt_number}.pdf"'
    return response


@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        event = webhook_event(request.body, request.headers.get("Stripe-Signature", ""))
    except SignatureError:
        return HttpResponseBadRequest("invalid signature")
    try:
        outcome = webhook_event_handle(event)
    except (KeyError, TypeError, json.JSONDecodeError):
        logger.warning("Malformed Stripe event %s", event.get("id"))
        return HttpResponse("malformed event ignored")
    except GatewayError:
        # Stripe will send the event again later; until then nothing has changed.
        return HttpResponse("gateway unavailable", status=503)
    return HttpResponse(outcome)
