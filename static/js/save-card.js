// Saving a card for automatic renewal: Stripe.js collects it (confirmCardSetup, 3-D Secure if
// the bank asks), the site records it and turns automatic renewal on.
(function () {
  "use strict";
  var form = document.getElementById("save-card-form");
  if (!form || typeof Stripe === "undefined" || !window.IcisCard) {
    return;
  }
  var data = form.dataset;
  var button = document.getElementById("save-card-button");
  var errors = document.getElementById("card-errors");
  var stripe = Stripe(data.publishableKey);
  var card = window.IcisCard.mount(stripe);
  button.disabled = false;

  function fail(error) {
    errors.textContent = window.IcisCard.sentence(error,
      "The card could not be saved. Please try again.");
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
      if (setup.error) { return fail(setup.error); }
      return window.IcisCard.post(form, {setup_intent: data.setupId,
                                         payment_method: setup.setupIntent.payment_method})
        .then(function (result) {
          if (result.status === "ok") {
            window.location.reload();
          } else {
            fail(result);
          }
        });
    }).catch(fail);
  });
})();
