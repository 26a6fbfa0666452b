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
      var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
      var options = {
        actions: false,
        renderer: "svg",
        loader: { target: el.hasAttribute("data-embedded") ? "_top" : "_self" },
        tooltip: { theme: dark ? "dark" : "light" }
      };
      if (dark) {
        options.theme = "dark";
        options.config = { background: "transparent" };  // the page's own dark ground
        el.setAttribute("data-theme", "dark");
      }
      window.vegaEmbed(el, spec, options).then(function () {
        el.setAttribute("data-rendered", "true");
        downloadButtons(el, spec);
      }).catch(function (err) {
        el.setAttribute("data-rendered", "error");
        el.textContent = "The chart could not be drawn (" + err + "); the same data is listed below.";
      });
    });
  }

  /* PNG and SVG of a chart, drawn again off screen at a fixed size with the source line
     (the element's data-source) under it, so a saved image says where it comes from. */
  function saveImage(el, spec, kind) {
    var source = el.getAttribute("data-source") || "Source: tiptiers, from the U.S. State Department's TIP Reports.";
    var name = (el.getAttribute("data-download-name") || "tiptiers-chart") + "." + kind;
    var copy = JSON.parse(JSON.stringify(spec));
    copy.width = el.classList.contains("map") ? 900 : 760;
    if (copy.height === "container" || copy.height === undefined) { copy.height = el.classList.contains("map") ? 460 : 240; }
    copy.autosize = { type: "fit", contains: "padding" };
    copy.title = { text: source, orient: "bottom", anchor: "start", fontSize: 11, fontWeight: "normal", color: "#444" };
    copy.background = "white";
    var holder = document.createElement("div");
    holder.style.position = "absolute";
    holder.style.left = "-10000px";
    document.body.appendChild(holder);
    return window.vegaEmbed(holder, copy, { actions: false, renderer: kind === "svg" ? "svg" : "canvas" })
      .then(function (result) {
        var made = kind === "svg" ? result.view.toSVG().then(function (text) {
          return URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
        }) : result.view.toImageURL("png", 2);
        return made.then(function (url) {
          var a = document.createElement("a");
          a.href = url;
          a.download = name;
          document.body.appendChild(a);
          a.click();
          a.remove();
          result.finalize();
          holder.remove();
        });
      });
  }

  function downloadButtons(el, spec) {
    var bar = document.createElement("p");
    bar.className = "downloads";
    ["png", "svg"].forEach(function (kind) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "download-" + kind;
      b.textContent = "Download " + kind.toUpperCase();
      b.addEventListener("click", function () { saveImage(el, spec, kind); });
      bar.appendChild(b);
    });
    el.parentNode.insertBefore(bar, el.nextSibling);
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

  /* Play: step through the report years on the map, one every two seconds, from the year
     shown (or the first, at the last); "#play" in the address keeps it going from page to
     page, and the button (or any key) stops it. */
  var PLAY = "#play";

  function playButton() {
    var button = document.getElementById("play");
    var slider = document.querySelector("[data-year-slider]");
    if (!button || !slider) { return; }
    button.hidden = false;
    var playing = window.location.hash === PLAY;
    var timer = null;
    function go(year) {
      window.location.assign(window.location.pathname + "?year=" + year + PLAY);
    }
    function stop() {
      playing = false;
      if (timer) { window.clearTimeout(timer); }
      button.textContent = "▶ Play the years";
      button.setAttribute("aria-pressed", "false");
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", window.location.pathname + window.location.search);
      }
    }
    button.addEventListener("click", function () {
      if (playing) { stop(); return; }
      var now = Number(slider.value);
      go(now >= Number(slider.max) ? button.getAttribute("data-first") : now + 1);
    });
    if (playing) {
      button.textContent = "❚❚ Pause";
      button.setAttribute("aria-pressed", "true");
      var now = Number(slider.value);
      if (now >= Number(slider.max)) { stop(); return; }
      timer = window.setTimeout(function () { go(now + 1); }, 2000);
      document.addEventListener("keydown", function (e) { if (e.key === "Escape") { stop(); } });
    }
  }

  function start() { drawCharts(); yearSlider(); pdfJob(); playButton(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
