/* Draw every chart on the page with the locally shipped vega bundle (window.vegaEmbed). A chart
   whose spec names a player parameter (usermeta.kursk.player) gets a Play/Pause button that
   steps that parameter's slider; the slider itself stays keyboard operable (arrow keys), reads
   the frame's date (usermeta.kursk.dates) rather than its number, and the frame's events
   (usermeta.kursk.events: [frame, when, headline, sources]) are listed under the chart in a
   box that scrolls when they are many.
   The page's controls are also named by the text they show (labelInName, below). */
(function () {
  "use strict";
  function addDates(el, input, meta) {
    var dates = meta.dates || [];
    var output = document.createElement("output");
    output.className = "kursk-frame-date";
    output.setAttribute("aria-hidden", "true");
    input.parentNode.insertBefore(output, input.nextSibling);
    var byFrame = {};
    (meta.events || []).forEach(function (row) {
      (byFrame[row[0]] = byFrame[row[0]] || []).push(row);
    });
    var box = document.createElement("section");
    box.className = "kursk-frame-events";
    box.tabIndex = 0;
    box.setAttribute("aria-label", "Events since the previous frame");
    box.setAttribute("aria-live", "polite");
    var heading = document.createElement("p");
    heading.className = "kursk-frame-events-title";
    var list = document.createElement("ul");
    box.appendChild(heading);
    box.appendChild(list);
    el.appendChild(box);
    function show() {
      var frame = Number(input.value);
      var day = dates[frame] || String(frame);
      output.textContent = day;
      input.setAttribute("aria-valuetext", day);
      var rows = byFrame[frame] || [];
      heading.textContent = (frame > 0 ? "Said and done since " + dates[frame - 1] + ", up to "
                             : "Said and done up to ") + day + " (" + rows.length +
                            (rows.length === 1 ? " event)" : " events)");
      list.textContent = "";
      rows.forEach(function (row) {
        var item = document.createElement("li");
        var when = document.createElement("span");
        when.className = "kursk-event-when";
        when.textContent = row[1];
        var source = document.createElement("span");
        source.className = "kursk-event-source";
        source.textContent = row[3];
        item.appendChild(when);
        item.appendChild(document.createTextNode(" " + row[2] + " "));
        item.appendChild(source);
        list.appendChild(item);
      });
      box.scrollTop = 0;
    }
    input.addEventListener("input", show);
    show();
    return show;
  }
  function addPlayer(el, view, name, meta) {
    var input = el.querySelector(".vega-bind input[type=range]");
    if (!input) { return; }
    input.setAttribute("aria-label", "Day shown on the campaign map");
    var show = addDates(el, input, meta);
    view.addSignalListener(name, function () { show(); });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "kursk-player";
    button.textContent = "Play";
    button.setAttribute("aria-label", "Play the campaign map day by day");
    var timer = null;
    // the name always holds the text shown (WCAG 2.5.3, label in name): "Play" or "Pause"
    function stop() {
      if (timer) { window.clearInterval(timer); timer = null; }
      button.textContent = "Play";
      button.setAttribute("aria-label", "Play the campaign map day by day");
    }
    function step() {
      var max = Number(input.max), next = Number(input.value) + 1;
      if (next > max) { stop(); return; }
      input.value = String(next);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    button.addEventListener("click", function () {
      if (timer) { stop(); return; }
      if (Number(input.value) >= Number(input.max)) {
        input.value = input.min || "0";
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
      button.textContent = "Pause";
      button.setAttribute("aria-label", "Pause the campaign map");
      timer = window.setInterval(step, 700);
    });
    input.addEventListener("keydown", stop);
    var anchor = el.querySelector(".kursk-frame-date") || input;
    anchor.parentNode.insertBefore(button, anchor.nextSibling);
    el.dataset.player = name;
    el.classList.add("kursk-has-player");
  }
  function draw() {
    var containers = document.querySelectorAll(".kursk-chart");
    var pending = containers.length;
    if (!pending) {
      document.documentElement.dataset.chartsDrawnAt = String(Math.round(performance.now()));
      document.documentElement.dataset.chartsDrawn = "0";
      return;
    }
    if (typeof window.vegaEmbed !== "function") {
      console.error("vega bundle missing: charts cannot be drawn");
      return;
    }
    var drawn = 0;
    containers.forEach(function (el) {
      var specEl = el.querySelector("script.kursk-chart-spec");
      var spec = JSON.parse(specEl.textContent);
      var target = document.createElement("div");
      target.className = "kursk-chart-canvas";
      el.appendChild(target);
      window.vegaEmbed(target, spec, { renderer: "svg", actions: false, ast: false })
        .then(function (result) {
          var player = spec.usermeta && spec.usermeta.kursk && spec.usermeta.kursk.player;
          if (player) { addPlayer(el, result.view, player, spec.usermeta.kursk); }
          el.classList.add("kursk-chart-drawn");
          var fallback = el.querySelector(".kursk-chart-fallback");
          if (fallback) { fallback.hidden = true; }
          var svg = target.querySelector("svg");
          if (svg) { svg.setAttribute("aria-hidden", "true"); }
        })
        .catch(function (err) { console.error("chart " + el.id + " failed: " + err); })
        .finally(function () {
          drawn += 1;
          if (drawn === pending) {
            document.documentElement.dataset.chartsDrawnAt = String(Math.round(performance.now()));
            document.documentElement.dataset.chartsDrawn = String(pending);
          }
        });
    });
  }
  /* WCAG 2.5.3 (label in name): the theme gives some controls an aria-label that leaves out
     the text they show ("Search" on a button reading "Search Ctrl+K", "Toggle hidden content"
     on a toggle reading "Show the full table"). A control that shows text is named by that
     text; an icon-only one keeps its label, with its icons hidden from assistive technology. */
  function labelInName() {
    var controls = document.querySelectorAll("button[aria-label], summary[aria-label]");
    controls.forEach(function (el) {
      if (el.classList.contains("kursk-player")) { return; }
      var shown = (el.textContent || "").replace(/\s+/g, " ").trim();
      if (shown) {
        el.removeAttribute("aria-label");
      } else {
        // an icon's tooltip title would count as text the control shows
        el.querySelectorAll("i, svg").forEach(function (icon) {
          icon.setAttribute("aria-hidden", "true");
          icon.removeAttribute("title");
          icon.querySelectorAll("title").forEach(function (t) { t.remove(); });
        });
      }
    });
  }
  function start() {
    labelInName();
    draw();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else { start(); }
})();
