// Document viewer: shows the first marked term, and ←/→ turn pages.
(function () {
  "use strict";
  var text = document.querySelector(".ocr-text");
  var mark = text && text.querySelector("mark");
  if (mark) {
    text.scrollTop = Math.max(0, mark.offsetTop - text.offsetTop - text.clientHeight / 3);
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    var rel = {ArrowLeft: "prev", ArrowRight: "next"}[event.key];
    var link = rel && document.querySelector('.page-nav a[rel="' + rel + '"]');
    if (link) {
      event.preventDefault();
      window.location.href = link.href;
    }
  });
})();
