// Zoom and pan on a poster's image. Without this script the image is shown at the page's
// width and links to the full-size file. With it: the +, − and Fit buttons, and on the
// focused image the keys + and − (zoom), 0 (fit) and the arrow keys (move).
(function () {
  "use strict";
  var box = document.querySelector("[data-poster-zoom]");
  if (!box) { return; }
  var viewport = box.querySelector("[data-zoom-viewport]");
  var image = box.querySelector("[data-zoom-image]");
  var link = box.querySelector("[data-zoom-link]");
  var controls = box.querySelector("[data-zoom-controls]");
  var status = document.createElement("p");
  var scale = 1;
  var x = 0;
  var y = 0;
  var STEP = 1.25;
  var MOVE = 60;
  var MAX = 8;

  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  box.appendChild(status);
  controls.hidden = false;
  viewport.classList.add("poster-zoom__viewport--active");
  viewport.setAttribute("tabindex", "0");
  viewport.setAttribute("role", "group");
  viewport.setAttribute("aria-roledescription", "zoomable image");
  viewport.setAttribute("aria-label", image.getAttribute("alt").replace(/ \(open at full size\)$/, "") + ". Use + and − to zoom, 0 to fit, the arrow keys to move.");
  // The page's own "Open the poster at full size" link stays; inside the viewport the image
  // is no longer a link, so dragging and keys act on the image alone.
  if (link) {
    link.parentNode.insertBefore(image, link);
    link.parentNode.removeChild(link);
  }
  image.setAttribute("alt", "");

  function clamp() {
    var limitX = (viewport.clientWidth * (scale - 1)) / 2;
    var limitY = (viewport.clientHeight * (scale - 1)) / 2;
    x = Math.max(-limitX, Math.min(limitX, x));
    y = Math.max(-limitY, Math.min(limitY, y));
  }

  function draw() {
    clamp();
    image.style.transform = "translate(" + x + "px, " + y + "px) scale(" + scale + ")";
    status.textContent = "Zoom " + Math.round(scale * 100) + "%";
  }

  function zoom(factor) {
    scale = Math.max(1, Math.min(MAX, scale * factor));
    draw();
  }

  function reset() {
    scale = 1;
    x = 0;
    y = 0;
    draw();
  }

  function move(dx, dy) {
    x += dx;
    y += dy;
    draw();
  }

  controls.addEventListener("click", function (event) {
    var button = event.target.closest("[data-zoom]");
    if (!button) { return; }
    var what = button.getAttribute("data-zoom");
    if (what === "in") { zoom(STEP); } else if (what === "out") { zoom(1 / STEP); } else { reset(); }
  });

  viewport.addEventListener("keydown", function (event) {
    var handled = true;
    switch (event.key) {
      case "+": case "=": zoom(STEP); break;
      case "-": case "_": zoom(1 / STEP); break;
      case "0": reset(); break;
      case "ArrowLeft": move(MOVE, 0); break;
      case "ArrowRight": move(-MOVE, 0); break;
      case "ArrowUp": move(0, MOVE); break;
      case "ArrowDown": move(0, -MOVE); break;
      default: handled = false;
    }
    if (handled) { event.preventDefault(); }
  });

  // Dragging with a pointer moves the zoomed image.
  var dragging = null;
  viewport.addEventListener("pointerdown", function (event) {
    if (scale === 1) { return; }
    dragging = {x: event.clientX - x, y: event.clientY - y};
    viewport.setPointerCapture(event.pointerId);
  });
  viewport.addEventListener("pointermove", function (event) {
    if (!dragging) { return; }
    x = event.clientX - dragging.x;
    y = event.clientY - dragging.y;
    draw();
  });
  viewport.addEventListener("pointerup", function () { dragging = null; });
  draw();
}());
