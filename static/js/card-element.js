// The card element both card forms use: mounted in #card-element, each input named for
// assistive technology (localstripe's element is plain inputs named only by placeholder).
(function () {
  "use strict";
  var labels = {number: "Card number", exp_month: "Expiry month (MM)", exp_year: "Expiry year (YY)",
                cvc: "Security code (CVC)", postal_code: "Postal code"};

  function unavailable(status) {
    return {status: "error", message: "The site could not take your card just now" +
      (status ? " (error " + status + ")" : "") +
      ". Nothing was charged or saved; please try again in a minute."};
  }

  window.IcisCard = {
    mount: function (stripe) {
      var card = stripe.elements().create("card");
      card.mount("#card-element");
      var container = document.getElementById("card-element");
      var help = container.getAttribute("aria-describedby");
      Array.prototype.forEach.call(container.querySelectorAll("input"), function (input) {
        var name = labels[input.getAttribute("placeholder")];
        if (name) { input.setAttribute("aria-label", name); }
        // The help text is read with each field, not only with the (unfocusable) container.
        if (help) { input.setAttribute("aria-describedby", help); }
      });
      return card;
    },
    // What to tell the person: a message written for them (Stripe's, or the site's JSON answer),
    // never a script's own error such as a page that was not JSON.
    sentence: function (error, fallback) {
      var written = error && (error.type || error.status === "error") && error.message;
      return written || fallback;
    },
    // Posts the form's fields to the form's address (or `url`); always resolves with an object
    // that has a status. An answer that is not the site's JSON (an error page, a lost
    // connection) becomes a sentence.
    post: function (form, fields, url) {
      var body = new URLSearchParams();
      body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      Object.keys(fields).forEach(function (key) { body.append(key, fields[key]); });
      return fetch(url || form.action, {method: "POST", body: body, credentials: "same-origin",
                                        headers: {"Accept": "application/json"}})
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (type.indexOf("application/json") !== 0) { return unavailable(response.status); }
          return response.json().catch(function () { return unavailable(response.status); });
        }, function () { return unavailable(0); });
    }
  };
})();
