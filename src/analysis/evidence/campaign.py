"""The campaign frame by frame, for the day-by-day map: which days it shows, the control layers
in force on each, and what was said in the days leading up to each.

Frames: every seventh day from the first day of the incursion (the start of the "incursion"
phase in data/phases.csv), every day of the two fast phases (the first week of the advance and
the March 2025 collapse), the last day of DeepState's Kursk snapshots, and on weekly after it to
the last day of DeepState's occupied-area record (August 2026). Control polygons are DeepState's
(held, grey zone) clipped to Kursk oblast, EPSG:4326, on the days its Kursk snapshots cover (a
frame before the first snapshot, or after the last, has none); Russia's occupied zone in Sumy
oblast is DeepState's occupied area in force that day clipped to Sumy oblast; ISW's
Russian-advance layer is the one last published on or before the frame's day, where one had been
published within :data:`ISW_STALE_DAYS`.
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from .. import config
from ..data import boundaries
from ..data import external as control
from ..data.tables import load_phases
from .events import events_with_sources

#: Daily frames over the fast phases (inclusive dates); weekly elsewhere.
DAILY_SPANS = [("2024-08-06", "2024-08-14"), ("2025-03-05", "2025-03-17")]
#: An ISW layer older than this many days is not shown on a frame.
ISW_STALE_DAYS = 21
#: The phase whose first day is the day-by-day map's first frame.
FIRST_PHASE = "incursion"


def kursk_span() -> tuple[pd.Timestamp, pd.Timestamp]:
    """(first, last) calendar day (UTC) of DeepState's Kursk snapshots."""
    published = control.deepstate_features()["snapshot_utc"].dt.tz_convert(None)
    return published.min().normalize(), published.max().normalize()


def frame_days() -> list[pd.Timestamp]:
    """The days the day-by-day map shows, in order (see the module docstring)."""
    phases = load_phases().set_index("phase")
    start = pd.Timestamp(phases.loc[FIRST_PHASE, "start"])
    kursk_end = kursk_span()[1]
    end = control.occupied_daily()["date"].max()
    days = set(pd.date_range(start, end, freq="7D"))
    for first, last in DAILY_SPANS:
        days |= set(pd.date_range(first, last, freq="D"))
    days |= {kursk_end, end}
    return sorted(d for d in days if start <= d <= end)


def control_frames(days: list[pd.Timestamp]) -> pd.DataFrame:
    """DeepState's Kursk layers on each of ``days`` its snapshots cover (``frame`` index,
    ``date``, ``layer``, ``snapshot_utc``, ``area_km2`` equal-area, ``geometry`` EPSG:4326)."""
    oblast = boundaries.kursk_oblast()
    first, last = kursk_span()
    parts = []
    for index, day in enumerate(days):
        if first <= day <= last:
            layers = control.deepstate_snapshot_polygons(oblast, day)
            parts.append(layers.assign(frame=index, date=day))
    return pd.concat(parts, ignore_index=True)


def occupied_frames(days: list[pd.Timestamp]) -> gpd.GeoDataFrame:
    """Russia's occupied zone in Sumy oblast on each of ``days`` (DeepState's occupied area in
    force that day, clipped to Sumy oblast; Natural Earth's border): ``frame``, ``date``,
    ``layer`` ("occupied_sumy"), ``source``, ``area_km2`` (equal-area; 0 with an empty
    geometry where there is none), ``geometry`` EPSG:4326."""
    sumy = boundaries.oblasts().set_index("oblast").geometry["Sumy"]
    first_record = control.occupied_daily()["date"].min()
    rows = []
    for index, day in enumerate(days):
        if day < first_record:
            continue
        when, geometry = control.occupied_on(day)
        rows.append({"frame": index, "date": day, "layer": "occupied_sumy",
                     "source": f"DeepStateMap via deepstate-map-data, {when:%Y-%m-%d}",
                     "geometry": geometry.intersection(sumy)})
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=config.CRS_GEOGRAPHIC)
    frame["area_km2"] = (frame.to_crs(config.CRS_EQUAL_AREA).area / 1e6).round(1)
    return frame


def isw_frames(days: list[pd.Timestamp]) -> pd.DataFrame:
    """ISW's Russian-advance polygons, each published set once, with the range of frames
    (``first_frame``, ``last_frame``) on which it is the latest, no older than
    :data:`ISW_STALE_DAYS` (``published`` date, ``geometry`` EPSG:4326)."""
    published = [pd.Timestamp(d) for d in control.isw_polygon_dates()]
    spans: dict[pd.Timestamp, list[int]] = {}
    for index, day in enumerate(days):
        earlier = [p for p in published if p <= day]
        if earlier and (day - max(earlier)).days <= ISW_STALE_DAYS:
            spans.setdefault(max(earlier), []).append(index)
    parts = []
    for day, frames in sorted(spans.items()):
        polygons = control.isw_polygons(f"{day:%Y-%m-%d}")
        # some published rings self-intersect: repaired before they are merged
        merged = polygons.geometry.make_valid().union_all()
        parts.append(gpd.GeoDataFrame({"published": [day], "first_frame": [min(frames)],
                                       "last_frame": [max(frames)]}, geometry=[merged],
                                      crs=polygons.crs))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def when_text(day: pd.Timestamp, precision: str) -> str:
    """An event's date as the frame list gives it: "06 Aug 2024", or "during August 2024"
    for an event the sources date only to its month (never a day)."""
    return f"during {day:%B %Y}" if precision == "month" else f"{day:%d %b %Y}"


def listed_events(days: list[pd.Timestamp]) -> pd.DataFrame:
    """For each frame, every event of data/events.csv dated after the previous frame's day and
    on or before its own (the first frame: every event on or before its day), in date order:
    ``frame``, ``line`` (0, 1, ...), ``when`` (see :func:`when_text`), ``headline``, ``text``
    ("06 Aug 2024   headline"), ``summary``, ``sources``. An event dated only to a month
    counts from the first of that month."""
    events = events_with_sources().sort_values("date", kind="stable")
    rows = []
    for index, day in enumerate(days):
        chosen = events[events["date"] <= day]
        if index:
            chosen = chosen[chosen["date"] > days[index - 1]]
        for line, event in enumerate(chosen.itertuples()):
            when = when_text(event.date, event.date_precision)
            rows.append({"frame": index, "line": line, "when": when,
                         "headline": event.headline, "text": f"{when}   {event.headline}",
                         "summary": event.summary, "sources": event.sources})
    return pd.DataFrame(rows, columns=["frame", "line", "when", "headline", "text", "summary",
                                       "sources"])
