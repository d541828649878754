// The abstract book's staff page: while a build runs, reload the page every few seconds so
// the progress bar moves. Without JavaScript, the page's "Refresh" link does the same.
(function () {
  "use strict";
  var state = document.querySelector("[data-reload-after]");
  if (!state) return;
  var seconds = parseInt(state.getAttribute("data-reload-after"), 10) || 3;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
