// The card element both card forms use: mounted in #card-element, each input named for
// assistive technology (localstripe's element is plain inputs named only by placeholder).
(function () {
  "use strict";
  var labels = {number: "Card number", exp_month: "Expiry month (MM)", exp_year: "Expiry year (YY)",
                cvc: "Security code (CVC)", postal_code: "Postal code"};

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
    post: function (form, fields) {
      var body = new URLSearchParams();
      body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      Object.keys(fields).forEach(function (key) { body.append(key, fields[key]); });
      return fetch(form.action, {method: "POST", body: body, credentials: "same-origin",
                                 headers: {"Accept": "application/json"}})
        .then(function (response) { return response.json(); });
    }
  };
})();
