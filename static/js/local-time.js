// Beside each session's times, the same range in the visitor's own time zone, when that
// zone's offset differs from the meeting's; with the weekday when it falls on another day
// there. Written as the page writes the meeting's times: 24-hour, zone named
// ("10:30–11:30 EDT"), whatever the visitor's locale would choose.
(function () {
  "use strict";
  var ranges = document.querySelectorAll("[data-local-range]");
  if (!ranges.length || !window.Intl) { return; }
  var clock = new Intl.DateTimeFormat(undefined, {
    weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short"
  });
  var shown = false;

  function meetingOffsetMinutes(iso) {
    var match = /([+-])(\d\d):(\d\d)$/.exec(iso);
    if (!match) { return 0; }
    var minutes = parseInt(match[2], 10) * 60 + parseInt(match[3], 10);
    return match[1] === "-" ? -minutes : minutes;
  }

  function parts(moment) {
    var found = {};
    clock.formatToParts(moment).forEach(function (part) { found[part.type] = part.value; });
    // Some engines write midnight as 24 even with h23.
    var hour = found.hour === "24" ? "00" : found.hour;
    return {weekday: found.weekday, time: hour + ":" + found.minute, zone: found.timeZoneName};
  }

  function meetingDay(iso, moment) {
    return new Date(moment.getTime() + meetingOffsetMinutes(iso) * 60000).getUTCDate();
  }

  Array.prototype.forEach.call(ranges, function (element) {
    var times = element.querySelectorAll("time[datetime]");
    if (times.length !== 2) { return; }
    var startIso = times[0].getAttribute("datetime");
    var start = new Date(startIso);
    var end = new Date(times[1].getAttribute("datetime"));
    if (isNaN(start.getTime()) || isNaN(end.getTime())) { return; }
    if (meetingOffsetMinutes(startIso) === -start.getTimezoneOffset()) { return; }
    var from = parts(start);
    var to = parts(end);
    var sameDay = meetingDay(startIso, start) === start.getDate();
    var text;
    if (start.getDate() === end.getDate()) {
      text = (sameDay ? "" : from.weekday + " ") + from.time + "\u2013" + to.time + " " + to.zone;
    } else {
      text = from.weekday + " " + from.time + " \u2013 " +
        to.weekday + " " + to.time + " " + to.zone;
    }
    var note = document.createElement("span");
    note.className = "local-time";
    note.textContent = " (" + text + " your time)";
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
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short"
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
