// Refreshes the batch's file table while files are queued or processing.
(function () {
  "use strict";
  var container = document.getElementById("batch-items");
  if (!container || !container.dataset.refresh) return;
  var delay = parseInt(container.dataset.refresh, 10) * 1000;

  function refresh() {
    fetch(window.location.href, {credentials: "same-origin", cache: "no-store"})
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("batch-items");
        if (!fresh) return;
        container.innerHTML = fresh.innerHTML;
        if (fresh.dataset.refresh) window.setTimeout(refresh, delay);
        else delete container.dataset.refresh;
      })
      .catch(function () { window.setTimeout(refresh, delay * 2); });
  }
  window.setTimeout(refresh, delay);
})();
