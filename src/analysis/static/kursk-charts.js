/* Draw every chart on the page with the locally shipped vega bundle (window.vegaEmbed). A chart
   whose spec names a player parameter (usermeta.kursk.player) gets a Play/Pause button that
   steps that parameter's slider; the slider itself stays keyboard operable (arrow keys). */
(function () {
  "use strict";
  function addPlayer(el, view, name) {
    var input = el.querySelector(".vega-bind input[type=range]");
    if (!input) { return; }
    input.setAttribute("aria-label", "Day shown: frame number of the campaign map");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "kursk-player";
    button.textContent = "Play";
    button.setAttribute("aria-label", "Play the campaign map day by day");
    var timer = null;
    function stop() {
      if (timer) { window.clearInterval(timer); timer = null; }
      button.textContent = "Play";
      button.setAttribute("aria-pressed", "false");
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
      button.setAttribute("aria-pressed", "true");
      timer = window.setInterval(step, 700);
    });
    input.addEventListener("keydown", stop);
    input.parentNode.insertBefore(button, input.nextSibling);
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
          if (player) { addPlayer(el, result.view, player); }
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
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else { draw(); }
})();
