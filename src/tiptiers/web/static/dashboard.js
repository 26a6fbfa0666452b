/* tiptiers dashboard: draws the Vega-Lite specs a page embeds, and the year slider.
   Every spec is in a <script type="application/json" id="..."> named by data-vega-spec;
   links in charts (Vega "href") open in the same tab. Works without it: every chart's
   data is also a table or a list on the page. */
(function () {
  "use strict";

  function drawCharts() {
    var nodes = document.querySelectorAll("[data-vega-spec]");
    Array.prototype.forEach.call(nodes, function (el) {
      var src = document.getElementById(el.getAttribute("data-vega-spec"));
      if (!src || typeof window.vegaEmbed !== "function") { return; }
      var spec = JSON.parse(src.textContent);
      window.vegaEmbed(el, spec, {
        actions: false,
        renderer: "svg",
        loader: { target: "_self" },
        tooltip: { theme: "light" }
      }).then(function () {
        el.setAttribute("data-rendered", "true");
      }).catch(function (err) {
        el.setAttribute("data-rendered", "error");
        el.textContent = "The chart could not be drawn (" + err + "); the same data is listed below.";
      });
    });
  }

  /* The slider changes the year by loading its page with "#year-slider" in the address,
     and the page so loaded gives the slider the focus back: a keyboard user steps through
     the years with the arrow keys without tabbing back to it each time. */
  var SLIDER_FRAGMENT = "#year-slider";

  function yearSlider() {
    var slider = document.querySelector("[data-year-slider]");
    if (!slider) { return; }
    var select = document.getElementById("year-select");
    slider.hidden = false;
    slider.addEventListener("input", function () {
      if (select) { select.value = slider.value; }
    });
    slider.addEventListener("change", function () {
      if (!select || select.value !== slider.value || !slider.form) { return; }
      var action = slider.form.getAttribute("action") || window.location.pathname;
      window.location.assign(action + "?year=" + encodeURIComponent(slider.value) + SLIDER_FRAGMENT);
    });
    if (window.location.hash === SLIDER_FRAGMENT) {
      slider.focus({ preventScroll: true });
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", window.location.pathname + window.location.search);
      }
    }
  }

  /* The PDF of a report is built in a worker: ask for its state every second, show it,
     and fetch the PDF when it is ready (the page without scripts reloads itself). */
  function pdfJob() {
    var box = document.getElementById("pdf-job");
    if (!box) { return; }
    var bar = document.getElementById("pdf-progress");
    var message = document.getElementById("pdf-message");
    function poll() {
      fetch(box.getAttribute("data-status-url"), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          box.setAttribute("data-state", job.state);
          bar.value = job.progress;
          if (job.state === "ready") {
            message.textContent = "Ready: the download has started.";
            window.location.assign(job.url);
            return;
          }
          if (job.state === "failed") {
            message.textContent = "The PDF could not be built (" + job.error + "). Reload this page to try again.";
            return;
          }
          message.textContent = job.state === "queued" ? "Waiting for another report to finish…" :
            "Building: " + Math.round(job.elapsed) + " s of about " + Math.round(job.expected) + " s.";
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 500);
  }

  function start() { drawCharts(); yearSlider(); pdfJob(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
