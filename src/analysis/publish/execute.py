"""Work spread over both cores: the pages' notebooks are executed into the execution cache
that myst-nb reads (``execute_notebooks: cache``), two at a time, before Sphinx, which then
finds every notebook cached and only reads and writes pages; the figure packs are drawn in a
process of their own while Sphinx writes and Chromium prints.

A notebook is read exactly as myst-nb reads it (its MyST reader), so the cache key, the hash
of its code cells and kernelspec, is the one Sphinx looks up. A notebook whose execution fails
is left uncached: Sphinx then executes it itself and reports the failing cell as usual.
"""
from __future__ import annotations

import json
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import config, toc

#: Notebooks executed at once. The machines this book is built on have two cores; a third
#: kernel fills the time the others spend starting up and waiting (measured: 14.5 s against
#: 15.6 s for all ten pages with two).
WORKERS = 3
#: Per-cell timeout, as in book/_config.yml.
TIMEOUT = 300
#: How long a kernel may take to start: kernels start three at a time on a small machine, and
#: nbclient's default minute has run out there under load.
STARTUP_TIMEOUT = 240


def _read(path: Path):
    """The notebook as myst-nb reads it (same reader, same source map)."""
    from myst_nb.core.read import read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    extensions = {"colon_fence", "deflist", "dollarmath", "linkify", "substitution"}
    return read_myst_markdown_notebook(path.read_text(encoding="utf-8"),
                                       config=MdParserConfig(enable_extensions=extensions),
                                       add_source_map=True, path=path)


def _execute(path: str) -> tuple[str, dict | None, float, str]:
    """Run one notebook in its own folder; (path, executed notebook or None, seconds, error)."""
    from jupyter_cache.executors.utils import single_nb_execution

    notebook = _read(Path(path))
    try:
        result = single_nb_execution(notebook, cwd=str(Path(path).parent), allow_errors=False,
                                     timeout=TIMEOUT, meta_override=True,
                                     startup_timeout=STARTUP_TIMEOUT)
    except RuntimeError as error:  # the kernel did not start: reported like a failed cell
        return path, None, 0.0, f"{type(error).__name__}: {error}"
    if result.err is not None:
        return path, None, result.time, f"{type(result.err).__name__}"
    return path, notebook, result.time, ""


def _deck_plans(html_dir: str, inputs: str) -> dict | None:
    from . import slides

    return slides.plans(Path(html_dir), inputs)


def _packs(html_dir: str, inputs: str, share: int, shares: int) -> dict:
    from ..figures import REGISTRY
    from . import exports

    return exports.write_packs(Path(html_dir), inputs, list(REGISTRY)[share::shares])


#: Processes drawing the figure packs: they share the machine with Sphinx and Chromium.
PACK_WORKERS = 2


class _Packs:
    """The packs being drawn in ``shares`` processes, and the decks' plans computed in
    another; :meth:`result` waits for them, draws the decks from the packs' pictures, then
    writes the zips (decks included) and the ledger and returns the counts."""

    def __init__(self, html_dir: Path, inputs: str, futures: list[Future], decks: Future):
        self.html_dir, self.inputs, self.futures, self.decks = html_dir, inputs, futures, decks

    def cancel(self) -> None:
        """Drop the shares not yet started (a failed build publishes no packs)."""
        for future in self.futures + [self.decks]:
            future.cancel()

    def result(self) -> dict[str, int]:
        from . import exports, slides

        parts = [future.result() for future in self.futures]
        decks = slides.write_decks(self.html_dir, self.inputs, self.decks.result())
        counts = exports.finish_packs(self.html_dir, self.inputs, parts)
        return {**counts, "decks": decks}


@dataclass
class Prepared:
    """What :func:`execute_notebooks` did: notebooks executed (stems) or failed, and the wall
    time in seconds."""
    executed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0


def uncached(cache_path: Path) -> list[Path]:
    """The pages whose notebook, as it reads now, has no executed copy in the cache."""
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    missing = []
    for page in toc.pages():
        try:
            cache.match_cache_notebook(_read(page.source))
        except KeyError:
            missing.append(page.source)
    return missing


def execute_notebooks(cache_path: Path) -> Prepared:
    """Execute every uncached notebook into ``cache_path``, :data:`WORKERS` at a time, the
    slowest first (by the time its last execution took, where the cache records one, else by
    size) so the workers finish close together; returns what was done."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    start = time.perf_counter()
    todo = uncached(cache_path)
    done = Prepared()
    if not todo:
        return done
    cache = get_cache(str(cache_path))
    # the environment the kernels inherit: the data folder and records in use
    os.environ.setdefault(config.EXTERNAL_DATA_ENV, str(config.external_data_dir()))
    # how long each took last time: kept beside the cache, which a change of inputs drops
    timings = Path(cache_path).parent / ".execution-seconds.json"
    took = json.loads(timings.read_text()) if timings.exists() else {}
    # with no record, the overview first: it quotes every chapter and draws the most
    took.setdefault(toc.pages()[0].stem, float("inf"))
    with ProcessPoolExecutor(max_workers=WORKERS) as pool:
        runs = [pool.submit(_execute, str(path))
                for path in sorted(todo, key=lambda p: (-took.get(Path(p).stem, 0.0),
                                                        -p.stat().st_size))]
        for run in runs:
            path, notebook, seconds, error = run.result()
            if notebook is None:
                done.failed.append(f"{path} ({error})")
                continue
            cache.cache_notebook_bundle(CacheBundleIn(notebook, path,
                                                      data={"execution_seconds": seconds}),
                                        check_validity=False, overwrite=True)
            done.executed.append(Path(path).stem)
            took[Path(path).stem] = round(seconds, 1)
    timings.write_text(json.dumps({k: v for k, v in took.items() if v != float("inf")},
                                  indent=1, sort_keys=True) + "\n")
    done.seconds = round(time.perf_counter() - start, 1)
    return done


def packs_in_background(html_dir: Path, inputs: str) -> tuple[ProcessPoolExecutor, _Packs]:
    """Start drawing the figure packs in processes of their own (every
    :data:`PACK_WORKERS`-th figure each) and planning the briefing decks in another, so they are drawn while Sphinx writes the pages and
    Chromium prints them (the packs need neither); returns the pool (shut it down when done)
    and the packs, whose ``result()`` finishes them and gives the counts."""
    pool = ProcessPoolExecutor(max_workers=PACK_WORKERS + 1)
    futures = [pool.submit(_packs, str(html_dir), inputs, share, PACK_WORKERS)
               for share in range(PACK_WORKERS)]
    return pool, _Packs(html_dir, inputs, futures,
                        pool.submit(_deck_plans, str(html_dir), inputs))
