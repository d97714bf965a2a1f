// Every visible text of every drawn chart: where two overlap or one leaves its chart.
// A text and its halo (a stroked copy with the same words in the same place) count as one.
() => {
  const problems = [];
  const svgs = [...document.querySelectorAll("svg")].filter(svg =>
    !(svg.parentElement && svg.parentElement.closest("svg")) && svg.getBoundingClientRect().width > 0 &&
    (svg.closest(".kursk-chart") || document.documentElement.tagName.toLowerCase() === "svg"));
  for (const svg of svgs) {
    const frame = svg.getBoundingClientRect();
    const owner = svg.closest(".kursk-chart");
    const name = owner ? owner.id : "svg";
    const boxes = [];
    for (const text of svg.querySelectorAll("text")) {
      const words = text.textContent.trim();
      if (!words) continue;
      let hidden = false;
      for (let el = text; el && el !== svg; el = el.parentElement) {
        const style = getComputedStyle(el);
        if (style.display === "none" || style.visibility === "hidden" ||
            Number(style.opacity) === 0 || el.getAttribute("opacity") === "0") { hidden = true; break; }
      }
      if (hidden) continue;
      const r = text.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const box = {words, left: r.left, top: r.top, right: r.right, bottom: r.bottom};
      if (boxes.some(b => b.words === words && Math.abs(b.left - box.left) < 1.5 &&
                          Math.abs(b.top - box.top) < 1.5)) continue;  // a halo
      boxes.push(box);
      if (box.left < frame.left - 1 || box.right > frame.right + 1 ||
          box.top < frame.top - 1 || box.bottom > frame.bottom + 1) {
        problems.push(`${name}: "${words}" is cut by the chart's edge`);
      }
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1 && h > 1) problems.push(`${name}: "${a.words}" overlaps "${b.words}"`);
      }
    }
  }
  return problems;
}
