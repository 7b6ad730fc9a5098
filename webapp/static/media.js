// While `earchive worker` makes a web-playable proxy, ask every few seconds whether it is ready and reload then.
(function () {
  "use strict";
  var pending = document.getElementById("proxy-pending");
  if (!pending || !pending.dataset.status) return;
  var delay = 3000;

  function poll() {
    fetch(pending.dataset.status, {credentials: "same-origin", cache: "no-store"})
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (state) {
        if (state.ready) window.location.reload();
        else window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, delay * 3); });
  }
  window.setTimeout(poll, delay);
})();
