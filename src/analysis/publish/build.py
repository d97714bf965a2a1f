"""Build the book: ``python -m analysis.publish.build`` (what ``make book`` runs).

0. Preflight (:mod:`analysis.data.preflight`): every data file, reference and external record
   is checked first; bad input stops the build in seconds with one message as the last line.
   Then the measured series is computed once into its cache, for every notebook to read.
1. Fingerprints what the notebooks depend on besides their own code (the package, ``data/``,
   the pinned requirements). jupyter-cache keys only on a notebook's code and Sphinx re-reads
   only changed sources, so when the fingerprint changes the execution cache and the parsed
   pages are dropped and every chapter re-executes; otherwise unchanged notebooks come from
   the cache and only edited pages are rebuilt.
2. Runs Jupyter Book 1.x strictly (warnings are errors, cell errors fail the build).
3. On failure, names the chapter and the failing cell from the execution reports.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .. import config
from ..data import preflight
from ..errors import DataError

BUILD_DIR = config.BOOK_DIR / "_build"
HTML_DIR = BUILD_DIR / "html"
CACHE_DIR = BUILD_DIR / ".jupyter_cache"
FINGERPRINT = BUILD_DIR / ".inputs.sha256"


def inputs_fingerprint(root: Path = config.REPO_ROOT, data_dir: Path | None = None) -> str:
    """sha256 over the package sources, data files and requirements (path and bytes);
    ``data_dir`` defaults to the data folder in use (:data:`analysis.config.DATA_DIR`)."""
    data_dir = config.DATA_DIR if data_dir is None else data_dir
    digest = hashlib.sha256()
    files = sorted(list((root / "src" / "analysis").rglob("*.py")) +
                   list((root / "src" / "analysis").rglob("*.txt")) +
                   [p for p in data_dir.rglob("*") if p.is_file()] +
                   [root / "requirements.txt"])
    for path in files:
        if "__pycache__" in path.parts:
            continue
        name = (path.relative_to(root) if root in path.parents
                else Path("data") / path.relative_to(data_dir))
        digest.update(str(name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def refresh_if_inputs_changed(current: str, build_dir: Path = BUILD_DIR) -> bool:
    """Drop the execution cache and the parsed pages under ``build_dir`` when ``current``
    differs from the fingerprint the last build recorded; True if a previous build's
    fingerprint differed (everything re-executes), False on a first build or no change."""
    record = build_dir / FINGERPRINT.name
    previous = record.read_text().strip() if record.exists() else None
    if previous != current:
        # Sphinx re-reads a page only when its source changes, so a changed package or data
        # set must also drop the parsed pages, not just the execution cache.
        for stale in (build_dir / CACHE_DIR.name, build_dir / ".doctrees",
                      build_dir / "jupyter_execute"):
            if stale.exists():
                shutil.rmtree(stale)
        return previous is not None
    return False


PAGES_RECORD = BUILD_DIR / ".pages.sha256"


def pages_fingerprint(inputs: str) -> str:
    """sha256 of everything the written pages depend on: the inputs fingerprint, every toc
    page's source, the book's config and toc, and the version the pages show."""
    from .. import toc
    from .cite import base_url, version

    digest = hashlib.sha256(inputs.encode())
    for path in [config.BOOK_DIR / "_config.yml", toc.TOC_PATH, config.REPO_ROOT / "CHANGELOG.md"] \
            + [p.source for p in toc.pages()]:
        digest.update(str(path.relative_to(config.REPO_ROOT)).encode())
        digest.update(path.read_bytes())
    digest.update(version().encode())
    digest.update(base_url().encode())
    return digest.hexdigest()


def pages_unchanged(pages: str) -> bool:
    """True when the last build wrote its pages from exactly these inputs and every page is
    still there, so Sphinx has nothing to do."""
    from .. import toc

    return (PAGES_RECORD.exists() and PAGES_RECORD.read_text().strip() == pages
            and all((HTML_DIR / p.html).exists() for p in toc.pages()))


def failed_cells(reports: Path = HTML_DIR / "reports") -> list[str]:
    """Human-readable lines naming each failing notebook and cell from myst-nb's reports."""
    lines = []
    for log in sorted(reports.rglob("*.err.log")) if reports.exists() else []:
        text = log.read_text(encoding="utf-8", errors="replace")
        cell = re.search(r"An error occurred while executing the following cell:\s*-+\s*(.+?)\s*-+",
                         text, re.S)
        error = [line for line in text.splitlines() if re.match(r"^\w*(Error|Exception)\b", line)]
        lines.append(f"chapter {log.name.removesuffix('.err.log')}: cell "
                     f"{(cell.group(1).strip()[:200] if cell else '?')!r} failed"
                     + (f" with {error[-1]}" if error else ""))
    return lines


def build(extra_args: list[str] | None = None) -> int:
    """Run the strict Jupyter Book build from the repository root; return its exit code."""
    from ..figures.render import BOOK_BUILD_ENV

    os.environ[BOOK_BUILD_ENV] = "1"  # kernels and Sphinx: figures as the book's own HTML
    try:
        preflight.check_all()
    except DataError as error:
        print(f"BUILD STOPPED: bad input: {error}", file=sys.stderr)
        return 2
    from ..evidence import series

    series.measured_series()  # computed once here, read from the cache by every notebook
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    # Taken before building: an input edited while the build runs must count as changed next
    # time, so the fingerprint recorded is the one the build started from.
    fingerprint = inputs_fingerprint()
    if refresh_if_inputs_changed(fingerprint):
        print("inputs changed since the last build: re-executing every chapter")
    from . import execute, pdf

    done = execute.execute_notebooks(CACHE_DIR)
    print(f"executed {', '.join(done.executed) or 'no notebook'} in {done.seconds} s")
    pool, packs = execute.packs_in_background(HTML_DIR, fingerprint)
    with pool:
        pages = pages_fingerprint(fingerprint)
        if pages_unchanged(pages) and not extra_args:
            print("no page's inputs changed since the last build: Sphinx has nothing to write")
        else:
            PAGES_RECORD.unlink(missing_ok=True)
            command = [str(Path(sys.executable).with_name("jupyter-book")), "build",
                       str(config.REPO_ROOT), "--config", str(config.BOOK_DIR / "_config.yml"),
                       "--toc", str(config.BOOK_DIR / "_toc.yml"),
                       "--path-output", str(config.BOOK_DIR), "-W", "-n", "--keep-going"]
            result = subprocess.run(command + (extra_args or []), cwd=config.REPO_ROOT)
            if result.returncode != 0:
                packs.cancel()
                for line in failed_cells():
                    print("BUILD FAILED:", line, file=sys.stderr)
                print("BUILD FAILED: see the messages above (warnings count as errors)",
                      file=sys.stderr)
                return result.returncode
            PAGES_RECORD.write_text(pages + "\n")
        print(f"PDFs: {pdf.write_all(HTML_DIR)} printed to {HTML_DIR / 'pdf'}")
        from . import site

        print(f"datasets: {site.write_data(HTML_DIR)} files written to {HTML_DIR / 'data'}"
              + ("; sitemap written" if site.write_sitemap(HTML_DIR) else ""))
        counts = packs.result()
    print(f"figure packs: {counts['files']} files ({counts['written']} rewritten); "
          f"slide decks: {counts['decks']} written to {HTML_DIR / 'slides'}")
    FINGERPRINT.write_text(fingerprint + "\n")
    print(f"The book is built: {HTML_DIR / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(build(sys.argv[1:]))
