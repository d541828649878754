// The live character count under an abstract's body (and title): the same count the server
// holds the text to (meetings/abstracts/markup.py: text_normalise, MARKUP, text_length). Line
// ends normalised, spaces at either end left out, the delimiters of ^{...} and _{...} not
// counted, then Unicode code points (Array.from, so IL-1β or a 4-byte symbol is one each).
// Without JavaScript the server says the same after "Save draft" or "Submit".
(function () {
  "use strict";
  var MARKUP = /([\^_])\{([^{}\n]*)\}/g;

  function normalise(text) {
    return text.replace(/\r\n/g, "\n").replace(/\r/g, "\n").replace(/^[ \t\n]+|[ \t\n]+$/g, "");
  }

  function textLength(text) {
    return Array.from(normalise(text).replace(MARKUP, "$2")).length;
  }
  window.icisAbstractLength = textLength;

  function grouped(number) {
    return String(number).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  var fields = document.querySelectorAll("textarea[data-count-limit], input[data-count-limit]");
  Array.prototype.forEach.call(fields, function (field) {
    var limit = parseInt(field.getAttribute("data-count-limit"), 10);
    var output = document.getElementById(field.getAttribute("data-count-output"));
    if (!output || isNaN(limit)) { return; }
    function update() {
      var count = textLength(field.value);
      var text = grouped(count) + " of " + grouped(limit) + " characters";
      if (count > limit) { text += ": " + grouped(count - limit) + " over the limit"; }
      output.textContent = text;
      output.classList.toggle("counter--over", count > limit);
    }
    output.hidden = false;
    field.addEventListener("input", update);
    update();
  });
})();
