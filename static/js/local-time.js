// Beside each meeting time, the same moment in the visitor's own time zone, when that zone's
// offset differs from the meeting's; with the weekday when it falls on another day there.
(function () {
  "use strict";
  var times = document.querySelectorAll("time[data-local-time]");
  if (!times.length || !window.Intl) { return; }
  var timeOnly = new Intl.DateTimeFormat(undefined, {hour: "2-digit", minute: "2-digit", timeZoneName: "short"});
  var withDay = new Intl.DateTimeFormat(undefined, {weekday: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short"});
  var shown = false;

  function meetingOffsetMinutes(iso) {
    var match = /([+-])(\d\d):(\d\d)$/.exec(iso);
    if (!match) { return 0; }
    var minutes = parseInt(match[2], 10) * 60 + parseInt(match[3], 10);
    return match[1] === "-" ? -minutes : minutes;
  }

  Array.prototype.forEach.call(times, function (element) {
    var iso = element.getAttribute("datetime");
    var moment = new Date(iso);
    var meetingOffset = meetingOffsetMinutes(iso);
    var visitorOffset = -moment.getTimezoneOffset();
    if (meetingOffset === visitorOffset) { return; }
    var meetingDay = new Date(moment.getTime() + meetingOffset * 60000).getUTCDate();
    var sameDay = meetingDay === moment.getDate();
    var note = document.createElement("span");
    note.className = "local-time";
    note.textContent = " (" + (sameDay ? timeOnly : withDay).format(moment) + " your time)";
    element.after(note);
    shown = true;
  });
  var explanation = document.querySelector(".local-time-note");
  if (shown && explanation) { explanation.hidden = false; }
})();

// Beside each deadline, the same moment as a full date and time in the visitor's own zone.
(function () {
  "use strict";
  var deadlines = document.querySelectorAll("time[data-local-deadline]");
  if (!deadlines.length || !window.Intl) { return; }
  var format = new Intl.DateTimeFormat(undefined, {
    weekday: "short", day: "numeric", month: "long", year: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short"
  });
  Array.prototype.forEach.call(deadlines, function (element) {
    var moment = new Date(element.getAttribute("datetime"));
    if (isNaN(moment.getTime()) || moment.getTimezoneOffset() === 0) { return; }
    var note = document.createElement("span");
    note.className = "local-time";
    note.textContent = " (" + format.format(moment) + " your time)";
    element.after(note);
  });
})();
