// Redaction plan review: drag on the page image to draw a box; its corners, in the stored image's own pixels
// (the image is shown scaled: naturalWidth / shown width), fill the "添加遮盖框" form. Pointing at a row of the
// entry table lights up its box, and back.
(function () {
  "use strict";
  var canvas = document.querySelector(".redaction-canvas");
  var form = document.querySelector("form.draw-form");
  if (!canvas || !form) return;
  var img = canvas.querySelector("img");
  var overlay = canvas.querySelector("svg.redaction-overlay");
  var drawing = overlay.querySelector("rect.drawing");
  var start = null;

  function imagePoint(event) {
    var rect = img.getBoundingClientRect();
    var sx = (img.naturalWidth || Number(canvas.dataset.width)) / rect.width;
    var sy = (img.naturalHeight || Number(canvas.dataset.height)) / rect.height;
    var x = Math.min(Math.max(event.clientX - rect.left, 0), rect.width);
    var y = Math.min(Math.max(event.clientY - rect.top, 0), rect.height);
    return {x: Math.round(x * sx), y: Math.round(y * sy)};
  }

  function show(a, b) {
    drawing.setAttribute("x", Math.min(a.x, b.x));
    drawing.setAttribute("y", Math.min(a.y, b.y));
    drawing.setAttribute("width", Math.abs(b.x - a.x));
    drawing.setAttribute("height", Math.abs(b.y - a.y));
  }

  overlay.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) return;
    event.preventDefault();
    overlay.setPointerCapture(event.pointerId);
    start = imagePoint(event);
    show(start, start);
  });
  overlay.addEventListener("pointermove", function (event) {
    if (start) show(start, imagePoint(event));
  });
  overlay.addEventListener("pointerup", function (event) {
    if (!start) return;
    var end = imagePoint(event);
    overlay.releasePointerCapture(event.pointerId);
    show(start, end);
    form.elements.x0.value = Math.min(start.x, end.x);
    form.elements.y0.value = Math.min(start.y, end.y);
    form.elements.x1.value = Math.max(start.x, end.x);
    form.elements.y1.value = Math.max(start.y, end.y);
    start = null;
    form.elements.kind.focus();
  });
  overlay.addEventListener("pointercancel", function () { start = null; });

  var rows = document.querySelectorAll("tr[data-entry]");
  function light(id, on) {
    overlay.querySelectorAll("rect[data-entry]").forEach(function (r) {
      if (r.getAttribute("data-entry") === id) r.classList.toggle("active", on);
    });
  }
  rows.forEach(function (row) {
    var id = row.getAttribute("data-entry");
    row.addEventListener("mouseenter", function () { light(id, true); });
    row.addEventListener("mouseleave", function () { light(id, false); });
    row.addEventListener("focusin", function () { light(id, true); });
    row.addEventListener("focusout", function () { light(id, false); });
  });
})();
