// Every visible text of every drawn chart: where two overlap, where two on one line are less
// than 2 px apart, where one leaves its chart or is cut by its clip, and where a data mark (a
// point or a label) falls outside its plot area.
() => {
  const problems = [];
  const svgs = [...document.querySelectorAll("svg")].filter(svg =>
    !(svg.parentElement && svg.parentElement.closest("svg")) && svg.getBoundingClientRect().width > 0 &&
    (svg.closest(".kursk-chart") || document.documentElement.tagName.toLowerCase() === "svg"));
  const isHidden = (node, svg) => {
    for (let el = node; el && el !== svg; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (style.display === "none" || style.visibility === "hidden" ||
          Number(style.opacity) === 0 || el.getAttribute("opacity") === "0") return true;
    }
    return false;
  };
  // the screen box of the plot area holding a mark: the background of the view (a facet or
  // concat cell; a single view's root background has no size, and the chart's edge serves)
  const plotArea = node => {
    for (let g = node.parentElement; g; g = g.parentElement) {
      const bg = g.querySelector && g.querySelector(":scope > path.background");
      if (bg) return bg.getBoundingClientRect();
    }
    return null;
  };
  // the screen box of the clip applied to a node, if any
  const clipBox = (node, svg) => {
    for (let el = node; el && el !== svg; el = el.parentElement) {
      const ref = el.getAttribute && el.getAttribute("clip-path");
      if (!ref) continue;
      const id = ref.replace(/^url\(["']?#/, "").replace(/["']?\)$/, "");
      const rect = svg.querySelector(`clipPath[id="${id}"] rect`);
      const ctm = el.getScreenCTM();
      if (!rect || !ctm) return null;
      const x = Number(rect.getAttribute("x") || 0), y = Number(rect.getAttribute("y") || 0);
      const w = Number(rect.getAttribute("width")), h = Number(rect.getAttribute("height"));
      return {left: ctm.e + x * ctm.a, top: ctm.f + y * ctm.d,
              right: ctm.e + (x + w) * ctm.a, bottom: ctm.f + (y + h) * ctm.d};
    }
    return null;
  };
  for (const svg of svgs) {
    const frame = svg.getBoundingClientRect();
    const owner = svg.closest(".kursk-chart");
    const name = owner ? owner.id : "svg";
    const boxes = [];
    for (const text of svg.querySelectorAll("text")) {
      const words = text.textContent.trim();
      if (!words || isHidden(text, svg)) continue;
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
      const clip = clipBox(text, svg);
      if (clip && (box.left < clip.left - 1 || box.right > clip.right + 1 ||
                   box.top < clip.top - 1 || box.bottom > clip.bottom + 1)) {
        problems.push(`${name}: "${words}" is cut by its panel`);
      }
      const mark = text.closest("g.mark-text.role-mark");
      const area = mark && plotArea(mark);
      if (area && area.width > 0 && (box.left < area.left - 2 || box.right > area.right + 2 ||
                                     box.top < area.top - 2 || box.bottom > area.bottom + 2)) {
        problems.push(`${name}: label "${words}" runs out of its plot area`);
      }
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        const line = Math.min(a.bottom - a.top, b.bottom - b.top);
        if (w > 1 && h > 1) problems.push(`${name}: "${a.words}" overlaps "${b.words}"`);
        else if (h > line / 2 && w > -2) {
          problems.push(`${name}: "${a.words}" and "${b.words}" are less than 2 px apart`);
        }
      }
    }
    // data points: the centre of every drawn symbol inside its plot area
    for (const symbol of svg.querySelectorAll("g.mark-symbol.role-mark > path")) {
      if (isHidden(symbol, svg)) continue;
      const r = symbol.getBoundingClientRect();
      if (r.width === 0) continue;
      const area = plotArea(symbol);
      const cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
      if (area && area.width > 0 && (cx < area.left - 1 || cx > area.right + 1 ||
                                     cy < area.top - 1 || cy > area.bottom + 1)) {
        problems.push(`${name}: a point at (${Math.round(cx - frame.left)}, ` +
                      `${Math.round(cy - frame.top)}) lies outside its plot area`);
      }
    }
  }
  return problems;
}
