// Beside each meeting time, the same moment in the visitor's own time zone, when it differs.
(function () {
  "use strict";
  var times = document.querySelectorAll("time[data-local-time]");
  if (!times.length || !window.Intl) { return; }
  var format = new Intl.DateTimeFormat(undefined, {hour: "2-digit", minute: "2-digit", timeZoneName: "short"});
  var shown = false;
  Array.prototype.forEach.call(times, function (element) {
    var moment = new Date(element.getAttribute("datetime"));
    var local = format.format(moment);
    if (local.indexOf(element.textContent.trim()) === 0) { return; }
    var note = document.createElement("span");
    note.className = "local-time";
    note.textContent = " (" + local + " your time)";
    element.after(note);
    shown = true;
  });
  var explanation = document.querySelector(".local-time-note");
  if (shown && explanation) { explanation.hidden = false; }
})();
