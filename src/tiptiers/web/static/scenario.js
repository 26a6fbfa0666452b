/* tiptiers Scenarios page: changing a custom parameter selects "Custom" in the scenario
   list, so the form's URL (a GET) encodes the parameters the user set. Works without it:
   the list can be set by hand. */
(function () {
  "use strict";
  function start() {
    var select = document.getElementById("scenario-select");
    if (!select) { return; }
    var controls = document.querySelectorAll("[data-custom]");
    Array.prototype.forEach.call(controls, function (el) {
      el.addEventListener("change", function () { select.value = "custom"; });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
