"""The measured control series (DeepState and ISW, km2 a day) and the arithmetic on it: peaks,
shares of the oblast, rates of loss per phase.

All areas in km2 (equal-area CRS, clipped to Kursk oblast); dates are calendar days (UTC).
The series is computed once per set of inputs and kept on disk (see :func:`measured_series`),
so the build's kernels read it instead of each recomputing it.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pandas as pd

from .. import config
from ..data import boundaries, external, manifest
from ..data.tables import load_phases

#: Columns of the measured series, in order.
COLUMNS = ["date", "held_by_ukraine_km2", "grey_zone_km2", "retaken_by_russia_km2",
           "snapshot_utc", "isw_retaken_by_russia_km2", "isw_published"]


def cache_key(*modules: str) -> str:
    """sha256 naming one computation of the series: the external records' checksums (as pinned
    in :data:`analysis.data.external.EXTERNAL_SHA256`), the boundary file's checksum (from the
    manifest), the package version, and the code that computes it (this module,
    :mod:`analysis.data.external` and any other ``modules``, given by file path), so any change
    to an input or to the method recomputes it."""
    digest = hashlib.sha256()
    for name in sorted(external.EXTERNAL_SHA256):
        digest.update(f"{name}={external.EXTERNAL_SHA256[name]}\n".encode())
    digest.update(manifest.resource("oblasts")["hash"].encode())
    try:
        digest.update(metadata.version("kursk-analysis").encode())
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        digest.update(b"uninstalled")
    for module in (__file__, external.__file__, *modules):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()


def cache_path(key: str | None = None) -> Path:
    """Where the series computed for ``key`` (default: the current inputs) is kept:
    ``<cache dir>/series/<key>.pkl``, outside the repository's data/."""
    return config.cache_dir() / "series" / f"{key or cache_key()}.pkl"


def compute_series() -> pd.DataFrame:
    """Compute the series from the records (about 4 s): DeepState's layers per day, ISW's
    layer joined by date."""
    oblast = boundaries.kursk_oblast()
    deepstate = external.deepstate_daily_series(oblast)
    isw = external.isw_daily_series().rename(
        columns={"retaken_by_russia_km2": "isw_retaken_by_russia_km2",
                 "published": "isw_published"})
    return deepstate.merge(isw, on="date", how="left")[COLUMNS]


def read_or_compute(path: Path, columns: list[str], compute) -> pd.DataFrame:
    """The frame kept at ``path`` if it is readable and has ``columns``; else ``compute()``,
    written there atomically (a parallel kernel never reads half a file) and returned."""
    if path.exists():
        try:
            cached = pd.read_pickle(path)
            if list(cached.columns) == columns:
                return cached
        except Exception:  # a truncated or foreign file: recompute and replace it
            pass
    frame = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")  # one per process: kernels may race
    frame.to_pickle(partial)
    partial.replace(path)
    return frame


@lru_cache(maxsize=1)
def _measured() -> pd.DataFrame:
    external.locate_external()  # checks the records' checksums before trusting a cache
    return read_or_compute(cache_path(), COLUMNS, lambda: compute_series())


def measured_series() -> pd.DataFrame:
    """One row per day from 2024-08-02 (first DeepState snapshot) to 2025-06-08: DeepState's
    ``held_by_ukraine_km2``, ``grey_zone_km2``, our derived ``retaken_by_russia_km2``, the
    DeepState ``snapshot_utc`` in force, and ISW's ``isw_retaken_by_russia_km2`` (from
    2024-09-11; NaN before) with ``isw_published`` marking days ISW published a value."""
    return _measured().copy()


def value_on(series: pd.DataFrame, day: str, column: str) -> float:
    """The series' ``column`` on calendar day ``day`` (YYYY-MM-DD)."""
    row = series.loc[series["date"] == pd.Timestamp(day), column]
    if row.empty:
        raise KeyError(f"{day} is outside the measured series")
    return float(row.iloc[0])


def peak(series: pd.DataFrame, column: str = "held_by_ukraine_km2",
         start: str | None = None, end: str | None = None) -> tuple[pd.Timestamp, float]:
    """(first date of the maximum, maximum) of ``column`` between ``start`` and ``end``."""
    window = series
    if start:
        window = window[window["date"] >= pd.Timestamp(start)]
    if end:
        window = window[window["date"] <= pd.Timestamp(end)]
    index = window[column].idxmax()
    return window.loc[index, "date"], float(window.loc[index, column])


def share_of_oblast(area_km2: float) -> float:
    """``area_km2`` as a percentage of Kursk oblast's area (our boundary, equal-area)."""
    return 100.0 * area_km2 / boundaries.kursk_area_km2()


def loss_rate_by_phase(series: pd.DataFrame, phases: pd.DataFrame | None = None) -> pd.DataFrame:
    """Change in DeepState's held area over each phase: ``phase``, ``label``, ``start``, ``end``
    (clamped to the series), ``days``, ``held_start_km2``, ``held_end_km2``, ``change_km2``
    (negative = lost) and ``km2_per_day``. The phases are our periodisation (data/phases.csv)."""
    phases = load_phases() if phases is None else phases
    rows = []
    first, last = series["date"].min(), series["date"].max()
    for phase in phases.itertuples(index=False):
        start, end = max(phase.start, first), min(phase.end, last)
        if start >= end:
            continue
        held_start = value_on(series, start.strftime("%Y-%m-%d"), "held_by_ukraine_km2")
        held_end = value_on(series, end.strftime("%Y-%m-%d"), "held_by_ukraine_km2")
        days = (end - start).days
        rows.append({"phase": phase.phase, "label": phase.label, "start": start, "end": end,
                     "days": days, "held_start_km2": held_start, "held_end_km2": held_end,
                     "change_km2": held_end - held_start,
                     "km2_per_day": (held_end - held_start) / days})
    return pd.DataFrame(rows)
