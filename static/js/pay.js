// The card form: Stripe.js collects the card (confirmCardSetup, with 3-D Secure if the bank asks),
// the site charges it, and confirmCardPayment completes any authentication the payment needs.
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form || typeof Stripe === "undefined" || !window.IcisCard) {
    return;
  }
  var data = form.dataset;
  var button = document.getElementById("pay-button");
  var errors = document.getElementById("card-errors");
  var stripe = Stripe(data.publishableKey);
  var card = window.IcisCard.mount(stripe);
  button.disabled = false;

  function fail(message) {
    errors.textContent = message || "The payment did not go through. Please try again.";
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    errors.textContent = "";
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    stripe.confirmCardSetup(data.setupSecret, {
      payment_method: {card: card, billing_details: {name: data.payerName, email: data.payerEmail}}
    }).then(function (setup) {
      if (setup.error) { throw setup.error; }
      return window.IcisCard.post(form, {setup_intent: data.setupId,
                                         payment_method: setup.setupIntent.payment_method});
    }).then(function (result) {
      if (result.status === "succeeded" || result.status === "processing") {
        window.location.assign(data.returnUrl);
      } else if (result.status === "requires_action") {
        // Whatever the bank decides, the return page reads the outcome from Stripe and says it.
        return stripe.confirmCardPayment(result.client_secret).then(function () {
          window.location.assign(data.returnUrl);
        });
      } else if (result.status === "declined") {
        // The page comes back with the bank's message and a fresh card form for the next try.
        window.location.reload();
      } else {
        fail(result.message);
      }
    }).catch(function (error) {
      fail(error && error.message);
    });
  });
})();
