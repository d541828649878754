// Saving a card for automatic renewal: when the member presses Save, the site makes a SetupIntent
// (a POST to the form's setup address; opening the page asks Stripe nothing), Stripe.js collects
// the card on it (confirmCardSetup, 3-D Secure if the bank asks), and the site records the card
// and turns automatic renewal on.
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

  function collect(setup) {
    return stripe.confirmCardSetup(setup.client_secret, {
      payment_method: {card: card, billing_details: {name: data.payerName, email: data.payerEmail}}
    }).then(function (collected) {
      if (collected.error) { return fail(collected.error); }
      return window.IcisCard.post(form, {setup_intent: setup.setup_id,
                                         payment_method: collected.setupIntent.payment_method})
        .then(function (result) {
          if (result.status === "ok") {
            window.location.reload();
          } else {
            fail(result);
          }
        });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    errors.textContent = "";
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    window.IcisCard.post(form, {}, data.setupUrl).then(function (setup) {
      if (setup.status !== "ok" || !setup.client_secret) { return fail(setup); }
      return collect(setup);
    }).catch(fail);
  });
})();
