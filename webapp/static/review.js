// Review page: pointing at or focusing a field lights up where it was read on the scan, and back.
(function () {
  "use strict";
  var rows = document.querySelectorAll("tr.field-row[data-field]");
  var rects = document.querySelectorAll(".field-overlay rect[data-field]");
  function light(id, on) {
    rects.forEach(function (r) { if (r.getAttribute("data-field") === id) r.classList.toggle("active", on); });
    rows.forEach(function (r) { if (r.getAttribute("data-field") === id) r.classList.toggle("active", on); });
  }
  rows.forEach(function (row) {
    var id = row.getAttribute("data-field");
    row.addEventListener("mouseenter", function () { light(id, true); });
    row.addEventListener("mouseleave", function () { light(id, false); });
    row.addEventListener("focusin", function () { light(id, true); });
    row.addEventListener("focusout", function () { light(id, false); });
  });
  var target = window.location.hash && document.querySelector(window.location.hash);
  if (target && target.matches("tr.field-row")) {
    light(target.getAttribute("data-field"), true);
    var input = target.querySelector("input[name=value], select[name=value]");
    if (input) input.focus({preventScroll: false});
  }
})();
