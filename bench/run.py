"""Benchmark the build and the built pages: `make bench` (writes bench/results.json and .md).

Measures on this machine, in one run: a cold build of a reference commit (BENCH_BASELINE,
default the last commit of round 1, built in a git worktree with its own environment, whose
install is not timed) and this tree's cold build (no _build, an empty cache), a rebuild with
nothing changed, a rebuild after one chapter's code changed (a hidden code cell appended, then
removed), the time a bad input takes to stop the build, each page's weight (its HTML with
inlined chart specs and data, without the shared _static assets), each map's geometry size,
and the time from load until every chart on a page is drawn in headless Chromium. Budgets are
reported, not enforced.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = os.environ.get("BENCH_BASELINE", "01b1606")
sys.path.insert(0, str(ROOT / "src"))
from analysis.publish import build as book_build  # noqa: E402
from analysis.publish import pdf  # noqa: E402

HTML = book_build.HTML_DIR
CHANGED = ROOT / "notebooks" / "03_north_korean_role.md"


def timed_build(env: dict | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "analysis.publish.build"], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ, **(env or {})})
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit("build failed during the benchmark:\n" + result.stderr[-3000:])
    return elapsed, result.stdout + result.stderr


def executed(log: str) -> list[str]:
    """The notebooks a build executed, from its "executed a, b in N s" line."""
    found = re.search(r"^executed (.*?) in [\d.]+ s$", log, re.M)
    return sorted(n for n in found.group(1).split(", ") if n != "no notebook") if found else []


def page_weights() -> dict[str, int]:
    return {str(p.relative_to(HTML)): p.stat().st_size
            for path, _ in pdf.pages() for p in [HTML / path]}


def map_geometry_sizes() -> dict[str, int]:
    """Bytes of inline GeoJSON (geoshape data) per chart, for charts that have any."""
    sizes = {}
    for path, _ in pdf.pages():
        text = (HTML / path).read_text(encoding="utf-8")
        for chart_id, spec in re.findall(r'<div class="kursk-chart[^"]*" id="([^"]+)".*?'
                                         r'<script type="application/json" '
                                         r'class="kursk-chart-spec">(.*?)</script>', text, re.S):
            geometry = re.findall(r'\{"geometry":\{.*?\},"properties"', spec)
            geometry += re.findall(r'"geometry":\{"coordinates":.*?"type":"\w+"\}', spec)
            if geometry:
                sizes[f"{Path(path).stem}#{chart_id}"] = sum(len(g.encode()) for g in geometry)
    return sizes


def draw_times() -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    times = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=pdf.chromium_executable(),
                                             args=pdf.CHROMIUM_ARGS)
        page = browser.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else r.abort())
        for path, _ in pdf.pages():
            page.goto((HTML / path).as_uri())
            page.wait_for_function("document.documentElement.dataset.chartsDrawn !== undefined",
                                   timeout=60_000)
            times[path] = float(page.evaluate(
                "document.documentElement.dataset.chartsDrawnAt")) / 1000
        browser.close()
    return times


def baseline_cold_build(workdir: Path) -> float:
    """Cold build time (s) of the reference commit, in a worktree with its own environment."""
    tree = workdir / "baseline"
    subprocess.run(["git", "worktree", "add", "--force", "--detach", str(tree), BASELINE],
                   cwd=ROOT, check=True, capture_output=True)
    try:
        subprocess.run(["make", ".venv/.installed"], cwd=tree, check=True, capture_output=True)
        from analysis import config

        env = {**os.environ, "KURSK_CACHE_DIR": str(workdir / "baseline-cache"),
               config.EXTERNAL_DATA_ENV: str(config.external_data_dir())}
        start = time.perf_counter()
        # the build module moved into analysis.publish in round 2; older commits have it flat
        module = "analysis.publish.build" if (tree / "src" / "analysis" / "publish" /
                                              "build.py").exists() else "analysis.build"
        subprocess.run([str(tree / ".venv" / "bin" / "python"), "-m", module],
                       cwd=tree, check=True, capture_output=True, env=env)
        return time.perf_counter() - start
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                       capture_output=True)


def bad_input_stop(workdir: Path) -> tuple[float, str]:
    """Seconds until the build stops on a bad date in a copy of data/, and its last line."""
    copy = workdir / "bad-data"
    shutil.copytree(ROOT / "data", copy)
    events = (copy / "events.csv").read_text(encoding="utf-8").splitlines()
    cells = events[1].split(",")
    cells[1] = "2024-13-45"
    events[1] = ",".join(cells)
    (copy / "events.csv").write_text("\n".join(events) + "\n", encoding="utf-8")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "analysis.publish.build"], cwd=ROOT,
                          capture_output=True, text=True,
                          env={**os.environ, "KURSK_DATA_DIR": str(copy)})
    return time.perf_counter() - start, (done.stdout + done.stderr).strip().splitlines()[-1]


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="kursk-bench-"))
    baseline = baseline_cold_build(workdir) if BASELINE else float("nan")
    shutil.rmtree(book_build.BUILD_DIR, ignore_errors=True)
    os.environ["KURSK_CACHE_DIR"] = str(workdir / "cache")  # cold: no cached series either
    cold, _ = timed_build()
    unchanged, log_unchanged = timed_build()
    original = CHANGED.read_text(encoding="utf-8")
    try:
        # a changed code cell (hidden), so jupyter-cache must re-execute this chapter
        CHANGED.write_text(original + "\n```{code-cell} ipython3\n:tags: [remove-cell]\n"
                           "# benchmark edit\n```\n", encoding="utf-8")
        one_changed, log_changed = timed_build()
    finally:
        CHANGED.write_text(original, encoding="utf-8")
    timed_build()  # restore the built page for the unchanged source
    stop_s, stop_line = bad_input_stop(workdir)
    weights, geometry, draws = page_weights(), map_geometry_sizes(), draw_times()
    results = {
        "baseline_commit": BASELINE,
        "baseline_cold_build_s": round(baseline, 1),
        "cold_build_s": round(cold, 1),
        "cold_build_share_of_baseline": round(cold / baseline, 3),
        "bad_input_stop_s": round(stop_s, 1), "bad_input_last_line": stop_line,
        "rebuild_unchanged_s": round(unchanged, 1),
        "rebuild_unchanged_share": round(unchanged / cold, 3),
        "rebuild_one_chapter_s": round(one_changed, 1),
        "rebuild_one_chapter_share": round(one_changed / cold, 3),
        "executed_when_unchanged": executed(log_unchanged),
        "executed_when_one_changed": executed(log_changed),
        "page_bytes": weights, "map_geometry_bytes": geometry, "charts_drawn_s": draws,
        "budgets": {"cold_build_share_of_baseline": 0.60, "bad_input_stop_s": 15,
                    "rebuild_unchanged_share": 0.10, "rebuild_one_chapter_share": 0.35,
                    "page_bytes": 1_500_000, "map_geometry_bytes": 300_000,
                    "charts_drawn_s": 2.0},
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = ["| measure | value | budget |", "|---|---|---|",
             f"| cold build of {BASELINE} (reference) | {baseline:.1f} s | |",
             f"| cold build | {cold:.1f} s ({cold / baseline:.0%} of the reference) | 60% |",
             f"| rebuild, nothing changed | {unchanged:.1f} s ({unchanged / cold:.0%}) | 10% |",
             f"| rebuild, one chapter changed | {one_changed:.1f} s ({one_changed / cold:.0%}); "
             f"executed {', '.join(results['executed_when_one_changed']) or 'none'} | 35% |",
             f"| bad input stops the build | {stop_s:.1f} s | 15 s |"]
    lines += [f"| page {k} | {v / 1e6:.2f} MB | 1.5 MB |" for k, v in weights.items()]
    lines += [f"| map geometry {k} | {v / 1e3:.0f} KB | 300 KB |" for k, v in geometry.items()]
    lines += [f"| charts drawn {k} | {v:.2f} s | 2 s |" for k, v in draws.items()]
    (ROOT / "bench" / "results.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
