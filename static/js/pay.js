// The pay page: when the payer presses Pay, the site makes (or finds) the payment's PaymentIntent
// (a POST to the form's address), then Stripe.js confirms it with the card (confirmCardPayment
// sends the card and asks for 3-D Secure once, when the bank wants it). Opening the page asks
// Stripe nothing. On success the payer goes to the return page, which reads the outcome from
// Stripe; a refusal, the site's or the bank's, is shown here, once, and the form stays ready for
// another try.
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form || typeof Stripe === "undefined" || !window.IcisCard) {
    return;
  }
  var data = form.dataset;
  var button = document.getElementById("pay-button");
  var errors = document.getElementById("card-errors");
  var saveCard = document.getElementById("save-card");
  var stripe = Stripe(data.publishableKey);
  var card = window.IcisCard.mount(stripe);
  button.disabled = false;

  function fail(error) {
    // The page's note about an earlier attempt gives way to this one: one failure, said once.
    var earlier = document.getElementById("last-error");
    if (earlier) { earlier.remove(); }
    errors.textContent = window.IcisCard.sentence(error,
      "The payment did not go through. Nothing was charged; please try again.");
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }

  function confirm(intent) {
    var confirmation = {
      payment_method: {card: card, billing_details: {name: data.payerName, email: data.payerEmail}}
    };
    if (saveCard && saveCard.checked && intent.card_saving) {
      confirmation.setup_future_usage = "off_session";
    }
    return stripe.confirmCardPayment(intent.client_secret, confirmation).then(function (result) {
      if (result.error) {
        fail(result.error);
      } else {
        window.location.assign(data.returnUrl);
      }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    errors.textContent = "";
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    window.IcisCard.post(form, {}).then(function (intent) {
      if (intent.status !== "ok" || !intent.client_secret) {
        return fail(intent);
      }
      return confirm(intent);
    }).catch(fail);
  });
})();
