/* tiptiers dashboard: draws the Vega specs a page embeds, and the year slider.
   Every spec is in a <script type="application/json" id="..."> named by data-vega-spec;
   links in charts (Vega "href") open in the same tab. Works without it: every chart's
   data is also a table or a list on the page. */
(function () {
  "use strict";

  /* A chart's JSON is {spec, dark}: the Vega spec (compiled from Vega-Lite on the server)
     and the top-level parts a reader in dark mode gets instead (background, config). The
     spec drawn on the page is returned; downloads draw chart.spec, light on white. */
  /* Colours the report's charts draw on white that vanish or glare on the dark ground: the
     black of the first compared country, the grey band of Special Case years, the pale
     Watch List shading, the map's ocean and its rim, its two greys (not ranked, missing),
     dark greys of marks (the dashed edge of "missing", the rims of the small states' dots). */
  var DARK_SWAP = {
    "#000000": "#e6e9ed", "#F2F2F2": "#262e36", "#F7EFA0": "#4d4718", "#F3F7FA": "#1b2127",
    "#C8D3DC": "#3a444e", "#555555": "#a9b3be", "#333333": "#c9d1d9", "#BBBBBB": "#6b7782",
    "#EEEEEE": "#2f3943", "#DDDDDD": "#3a444e",
    /* the map's "not ranked" grey and the hollow fill of "missing from our record" */
    "#D9D9D9": "#5b6570", "#FCFCFC": "#252c33"
  };

  function darkColours(node) {
    if (typeof node === "string") { return DARK_SWAP[node.toUpperCase()] || node; }
    if (Array.isArray(node)) { return node.map(darkColours); }
    if (node && typeof node === "object") {
      var out = {};
      Object.keys(node).forEach(function (k) { out[k] = darkColours(node[k]); });
      return out;
    }
    return node;
  }

  function pageSpec(chart, el) {
    var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    if (!dark || !chart.dark) { return chart.spec; }
    el.setAttribute("data-theme", "dark");
    var spec = Object.assign({}, chart.spec, chart.dark);
    // the data (a map's geometry, thousands of points) carry no colour: only marks are walked
    return Object.assign(spec, { marks: darkColours(spec.marks || []), scales: darkColours(spec.scales || []),
      axes: darkColours(spec.axes || []), config: darkColours(spec.config || {}) });
  }

  /* The tooltip of every chart: one box (#vg-tooltip-element, as vega-tooltip names it),
     a table of the item's tooltip object (title, value), next to the pointer and inside
     the window; hidden when the pointer leaves the item. */
  function tooltip(handler, event, item, value) {
    var box = document.getElementById("vg-tooltip-element");
    if (!box) {
      box = document.createElement("div");
      box.id = "vg-tooltip-element";
      box.className = "vg-tooltip";
      document.body.appendChild(box);
    }
    if (value === null || value === undefined || value === "") {
      box.classList.remove("visible");
      return;
    }
    box.textContent = "";
    if (typeof value === "object") {
      var table = document.createElement("table");
      Object.keys(value).forEach(function (key) {
        var row = table.insertRow();
        var k = row.insertCell();
        var v = row.insertCell();
        k.className = "key";
        v.className = "value";
        k.textContent = key;
        v.textContent = String(value[key]);
      });
      box.appendChild(table);
    } else {
      box.textContent = String(value);
    }
    box.classList.add("visible");
    var x = event.clientX + 12;
    var y = event.clientY + 12;
    if (x + box.offsetWidth > window.innerWidth) { x = event.clientX - box.offsetWidth - 12; }
    if (y + box.offsetHeight > window.innerHeight) { y = event.clientY - box.offsetHeight - 12; }
    box.style.left = Math.max(0, x) + "px";
    box.style.top = Math.max(0, y) + "px";
  }

  /* A Vega view of ``spec`` (links open in ``target``), drawn as SVG into ``container``
     or, without one, off screen; returns the view once it has run. */
  function vegaView(spec, container, target) {
    var view = new window.vega.View(window.vega.parse(spec), {
      renderer: container ? "svg" : "none",
      loader: window.vega.loader({ target: target || "_self" })
    });
    if (container) { view.tooltip(tooltip).initialize(container); }
    return view.runAsync();
  }

  function drawCharts() {
    var nodes = document.querySelectorAll("[data-vega-spec]");
    Array.prototype.forEach.call(nodes, function (el) {
      var src = document.getElementById(el.getAttribute("data-vega-spec"));
      if (!src || !window.vega) { return; }
      var chart = JSON.parse(src.textContent);
      if (!chart.spec) { return; }
      drawChart(el, chart);
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-vega-url]"), function (el) {
      if (!el.closest("[hidden]")) { loadChart(el); }
    });
  }

  /* A chart whose spec is fetched when it is first shown (data-vega-url): the home page's
     chart of tiers over time, drawn when its tab is opened. */
  function loadChart(el) {
    if (el.hasAttribute("data-loading") || !window.vega) { return; }
    el.setAttribute("data-loading", "");
    fetch(el.getAttribute("data-vega-url"), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (chart) { drawChart(el, chart); })
      .catch(function (err) {
        el.setAttribute("data-rendered", "error");
        el.textContent = "The chart could not be loaded (" + err + ").";
      });
  }

  function drawChart(el, chart) {
      var spec = pageSpec(chart, el);
      // A map drawn on the server stays on screen until the interactive one, drawn over
      // it in a box of the same size, is complete.
      var drawn = el.querySelector(".chart-static");
      var target = el;
      if (drawn) {
        target = document.createElement("div");
        target.className = "chart-live";
        el.appendChild(target);
      }
      vegaView(spec, target, el.hasAttribute("data-embedded") ? "_top" : "_self").then(function () {
        if (drawn) { drawn.remove(); }
        el.setAttribute("data-rendered", "true");
        downloadButtons(el, chart.spec);
        tapPreview(el);
      }).catch(function (err) {
        el.setAttribute("data-rendered", "error");
        if (drawn) { target.remove(); return; }  // the map drawn on the server stays
        el.textContent = "The chart could not be drawn (" + err + "); the same data is listed below.";
      });
  }

  /* PNG and SVG of a chart, drawn again off screen at a fixed size with the source line
     (the element's data-source) under it, so a saved image says where it comes from. */
  function saveImage(el, spec, kind) {
    var source = el.getAttribute("data-source") || "Source: tiptiers, from the U.S. State Department's TIP Reports.";
    var name = (el.getAttribute("data-download-name") || "tiptiers-chart") + "." + kind;
    var map = el.classList.contains("map");
    var copy = JSON.parse(JSON.stringify(spec));
    // a fixed size in place of the container's (the width and height signals follow it)
    copy.signals = (copy.signals || []).map(function (s) {
      if (s.name === "width") { return { name: "width", value: map ? 900 : 760 }; }
      if (s.name === "height") { return { name: "height", value: map ? 460 : 240 }; }
      return s;
    });
    copy.title = { text: source, orient: "bottom", anchor: "start", fontSize: 11, fontWeight: "normal", color: "#444" };
    copy.background = "white";
    return vegaView(copy, null).then(function (view) {
      var made = kind === "svg" ? view.toSVG().then(function (text) {
        return URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
      }) : view.toImageURL("png", 2);
      return made.then(function (url) {
        var a = document.createElement("a");
        a.href = url;
        a.download = name;
        document.body.appendChild(a);
        a.click();
        a.remove();
        view.finalize();
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

  /* On a touch screen a tap on a country of the map shows its tooltip (name, tier, change,
     clock, determination) in the panel named by the map's data-preview, with an "Open"
     link; a second tap on the same country opens its page. Mouse clicks open it at once. */
  function tapPreview(el) {
    var panel = document.getElementById(el.getAttribute("data-preview") || "");
    if (!panel) { return; }
    var list = panel.querySelector("dl");
    var open = panel.querySelector("a.open");
    var touch = false;
    el.addEventListener("pointerdown", function (e) { touch = e.pointerType === "touch"; }, true);
    el.addEventListener("click", function (e) {
      if (!touch) { return; }
      var item = e.target.__data__;  // the Vega scene item drawn by this SVG element
      item = Array.isArray(item) ? item[0] : item;
      if (!item || !item.href || !item.tooltip || typeof item.tooltip !== "object") { return; }
      e.stopPropagation();
      e.preventDefault();
      if (!panel.hidden && open.getAttribute("href") === item.href) {
        window.location.assign(item.href);
        return;
      }
      list.textContent = "";
      Object.keys(item.tooltip).forEach(function (key) {
        var dt = document.createElement("dt");
        var dd = document.createElement("dd");
        dt.textContent = key;
        dd.textContent = item.tooltip[key];
        list.appendChild(dt);
        list.appendChild(dd);
      });
      open.setAttribute("href", item.href);
      open.textContent = "Open " + (item.tooltip.Country || "the country") + "'s page";
      panel.hidden = false;
      // on a phone the panel is a sheet at the bottom: keep the map in sight above it
      var below = el.getBoundingClientRect().bottom - panel.getBoundingClientRect().top;
      if (below > 0 && panel.getBoundingClientRect().top > el.getBoundingClientRect().height) {
        window.scrollBy(0, below + 8);
      }
    }, true);
    var close = panel.querySelector("button.close");
    if (close) { close.addEventListener("click", function () { panel.hidden = true; }); }
  }

  /* The tier filter: unticking a tier hides the page's parts marked data-tier-item with it.
     The ticked tiers go in the address (?tier=1&tier=3; "tier=" for none; nothing for all)
     with replaceState, so the address shares the view and loading it restores the filter;
     the links and the form to other years carry it along. */
  function tierFilter() {
    var box = document.querySelector("[data-tier-filter]");
    if (!box) { return; }
    var boxes = Array.prototype.slice.call(box.querySelectorAll("input[type=checkbox]"));
    var asked = new URLSearchParams(window.location.search).getAll("tier");
    if (asked.length) {
      boxes.forEach(function (b) { b.checked = asked.indexOf(b.value) >= 0; });
    }
    function withTiers(url, on) {
      var u = new URL(url, window.location.href);
      u.searchParams.delete("tier");
      if (on.length < boxes.length) {
        (on.length ? on : [""]).forEach(function (t) { u.searchParams.append("tier", t); });
      }
      return u;
    }
    function apply() {
      var on = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      Array.prototype.forEach.call(document.querySelectorAll("[data-tier-item]"), function (el) {
        el.hidden = on.indexOf(el.getAttribute("data-tier-item")) < 0;
      });
      var here = withTiers(window.location.href, on);
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", here.pathname + here.search + here.hash);
      }
      Array.prototype.forEach.call(document.querySelectorAll("a[rel=prev], a[rel=next]"), function (a) {
        var u = withTiers(a.href, on);
        a.setAttribute("href", u.pathname + u.search + u.hash);
      });
      var form = document.querySelector("form.year-picker");
      if (form) {
        Array.prototype.forEach.call(form.querySelectorAll("input[data-kept-tier]"), function (i) { i.remove(); });
        here.searchParams.getAll("tier").forEach(function (t) {
          var i = document.createElement("input");
          i.type = "hidden";
          i.name = "tier";
          i.value = t;
          i.setAttribute("data-kept-tier", "");
          form.appendChild(i);
        });
      }
    }
    box.hidden = false;
    box.addEventListener("change", apply);
    apply();
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
      window.location.assign(action + "?year=" + encodeURIComponent(slider.value) + viewQuery() + SLIDER_FRAGMENT);
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
            "Building (" + Math.round(job.progress * 100) + "%" + (job.stage ? ": " + job.stage : "") +
            "): " + Math.round(job.elapsed) + " s so far, about " +
            Math.max(0, Math.round(job.expected - job.elapsed)) + " s to go at this pace.";
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
      window.location.assign(window.location.pathname + "?year=" + year + viewQuery() + PLAY);
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

  /* The view of the home page (map, chart or table) as it goes in an address: "" for the map. */
  function viewQuery() {
    var v = new URLSearchParams(window.location.search).get("view");
    return v && v !== "map" ? "&view=" + encodeURIComponent(v) : "";
  }

  /* The Map / Chart / Table tabs: a tab shows its panel without loading the page again and
     puts the view in the address (?view=chart), so the address shares what is on screen;
     the arrow keys move between tabs (the links work without the script). */
  function viewTabs() {
    var list = document.querySelector("[data-views]");
    if (!list) { return; }
    var tabs = Array.prototype.slice.call(list.querySelectorAll("[role=tab]"));
    function show(tab, push) {
      var view = tab.getAttribute("data-view");
      tabs.forEach(function (t) {
        var on = t === tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.tabIndex = on ? 0 : -1;
        document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
      });
      var panel = document.getElementById(tab.getAttribute("aria-controls"));
      Array.prototype.forEach.call(panel.querySelectorAll("[data-vega-url]"), loadChart);
      Array.prototype.forEach.call(document.querySelectorAll("input[name=view]"), function (i) { i.remove(); });
      var form = document.querySelector("form.year-picker");
      if (form && view !== "map") {
        var i = document.createElement("input");
        i.type = "hidden"; i.name = "view"; i.value = view;
        form.appendChild(i);
      }
      Array.prototype.forEach.call(document.querySelectorAll("a[rel=prev], a[rel=next]"), function (a) {
        var u = new URL(a.href, window.location.href);
        if (view === "map") { u.searchParams.delete("view"); } else { u.searchParams.set("view", view); }
        a.setAttribute("href", u.pathname + u.search);
      });
      var here = new URL(window.location.href);
      if (view === "map") { here.searchParams.delete("view"); } else { here.searchParams.set("view", view); }
      if (push && window.history && window.history.pushState) {
        window.history.pushState({ view: view }, "", here.pathname + here.search);
      }
      shareState();
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function (e) { e.preventDefault(); show(tab, true); tab.focus(); });
      tab.addEventListener("keydown", function (e) {
        var step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
        if (!step) { return; }
        e.preventDefault();
        var next = tabs[(i + step + tabs.length) % tabs.length];
        show(next, true);
        next.focus();
      });
    });
    window.addEventListener("popstate", function () {
      var v = new URLSearchParams(window.location.search).get("view") || "map";
      var tab = tabs.filter(function (t) { return t.getAttribute("data-view") === v; })[0];
      if (tab) { show(tab, false); }
    });
  }

  /* A table whose headers sort it (click or Enter; aria-sort says the order) and whose rows a
     text box filters, with the count of rows shown. */
  function sortableTables() {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
      var body = table.tBodies[0];
      var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
      heads.forEach(function (th, col) {
        var kind = th.getAttribute("data-sort");
        if (!kind) { return; }
        var b = document.createElement("button");
        b.type = "button";
        b.className = "sort";
        b.textContent = th.textContent;
        th.textContent = "";
        th.appendChild(b);
        b.addEventListener("click", function () {
          var asc = th.getAttribute("aria-sort") !== "ascending";
          heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", asc ? "ascending" : "descending");
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (r1, r2) {
            var a = r1.cells[col], z = r2.cells[col];
            var d = kind === "tier" ? Number(a.getAttribute("data-order")) - Number(z.getAttribute("data-order"))
              : a.textContent.trim().localeCompare(z.textContent.trim());
            if (d === 0) { d = r1.cells[0].textContent.localeCompare(r2.cells[0].textContent); }
            return asc ? d : -d;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-table-filter]"), function (input) {
      var table = document.getElementById(input.getAttribute("data-table-filter"));
      var tools = input.closest("[data-table-tools]");
      var count = document.getElementById("table-count");
      if (tools) { tools.hidden = false; }
      function apply() {
        var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
        var shown = 0;
        Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
          var text = r.textContent.toLowerCase();
          var on = words.every(function (w) { return text.indexOf(w) >= 0; });
          r.hidden = !on;
          if (on) { shown += 1; }
        });
        if (count) { count.textContent = shown + " of " + table.tBodies[0].rows.length + " countries"; }
      }
      input.addEventListener("input", apply);
      apply();
    });
  }

  /* Share, Embed and Cite: each opens the dialog with the text to copy — this view's
     address, the <iframe> of its chart, or the citation of tiptiers with this address
     (from /api/v1/citation, which calls tiptiers.citation.cite). */
  function shareState() {
    var cite = document.querySelector("[data-cite]");
    if (cite) { cite.setAttribute("href", "/cite?url=" + encodeURIComponent(window.location.href)); }
    var embed = document.querySelector("[data-embed]");
    if (embed) {
      var chart = new URLSearchParams(window.location.search).get("view") === "chart";
      var target = chart && embed.getAttribute("data-embed-chart") ? embed.getAttribute("data-embed-chart") : embed.getAttribute("data-embed");
      embed.setAttribute("href", target);
    }
  }

  function shareBar() {
    var bar = document.querySelector("[data-share-bar]");
    var dialog = document.getElementById("share-dialog");
    if (!bar || !dialog || !dialog.showModal) { return; }
    var title = dialog.querySelector("h2");
    var say = dialog.querySelector(".share-text");
    var box = dialog.querySelector("textarea");
    var copied = dialog.querySelector("[data-copied]");
    function open(heading, sentence, text) {
      title.textContent = heading;
      say.textContent = sentence;
      box.value = text;
      copied.textContent = "";
      dialog.showModal();
      box.focus();
      box.select();
    }
    var share = bar.querySelector("[data-share]");
    share.hidden = false;
    share.addEventListener("click", function () {
      open("Share this view", "The address of what is on screen: the year, the view and the filters.", window.location.href);
    });
    var embed = bar.querySelector("[data-embed]");
    if (embed) {
      embed.addEventListener("click", function (e) {
        e.preventDefault();
        var href = embed.getAttribute("href");
        var src = new URL(href, window.location.href).href;
        // a published cycle's map says whose placements it shows, in the snippet too
        var named = href === embed.getAttribute("data-embed") && embed.getAttribute("data-embed-title");
        var what = (named || "TIP Report tiers").replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
        open("Embed this chart", "Paste this into a web page: the chart with its source line and a link back here.",
          '<iframe src="' + src + '" title="' + what + ' (tiptiers)" width="100%" height="520" style="border:0" loading="lazy"></iframe>');
      });
    }
    var cite = bar.querySelector("[data-cite]");
    cite.addEventListener("click", function (e) {
      e.preventDefault();
      fetch("/api/v1/citation?format=text&url=" + encodeURIComponent(window.location.href))
        .then(function (r) { return r.text(); })
        .then(function (text) {
          open("Cite this page", "tiptiers's version, the date you read it and this address (more formats: BibTeX, RIS, CSL-JSON on the citation page).", text.trim());
        })
        .catch(function () { window.location.assign(cite.getAttribute("href")); });
    });
    dialog.querySelector("[data-close]").addEventListener("click", function () { dialog.close(); });
    dialog.querySelector("[data-copy]").addEventListener("click", function () {
      box.select();
      var done = function () { copied.textContent = "Copied."; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(box.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
    shareState();
  }

  function start() {
    viewTabs(); drawCharts(); yearSlider(); pdfJob(); playButton(); tierFilter();
    sortableTables(); shareBar();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
