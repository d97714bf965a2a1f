/* Draw every chart on the page with the locally shipped vega bundle (window.vegaEmbed). */
(function () {
  "use strict";
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
        .then(function () {
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
