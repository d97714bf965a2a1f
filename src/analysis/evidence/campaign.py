"""The campaign frame by frame, for the day-by-day map: which days it shows, the control layers
in force on each, and what was said in the days leading up to each.

Frames: every seventh day from the first day of the incursion (or DeepState's first snapshot
in the area, if later), and every day of the two fast
phases (the first week of the advance and the March 2025 collapse), until DeepState's last
snapshot in the study area. Control polygons are DeepState's (held, grey zone) clipped to Kursk
oblast, EPSG:4326; ISW's Russian-advance layer is the one last published on or before the frame's
day, where one had been published within :data:`ISW_STALE_DAYS`.
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from ..data import boundaries
from ..data import external as control
from .events import events_with_sources

#: Daily frames over the fast phases (inclusive dates); weekly elsewhere.
DAILY_SPANS = [("2024-08-06", "2024-08-14"), ("2025-03-05", "2025-03-17")]
#: An ISW layer older than this many days is not shown on a frame.
ISW_STALE_DAYS = 21
#: At most this many events are listed beside a frame.
LISTED = 7


def frame_days() -> list[pd.Timestamp]:
    """The days the day-by-day map shows, in order (see the module docstring)."""
    published = control.deepstate_features()["snapshot_utc"].dt.tz_convert(None)
    series_start = max(pd.Timestamp("2024-08-06"), published.min().normalize())
    series_end = published.max().normalize()
    days = set(pd.date_range(series_start, series_end, freq="7D"))
    for first, last in DAILY_SPANS:
        days |= set(pd.date_range(first, last, freq="D"))
    days.add(series_end)
    return sorted(d for d in days if series_start <= d <= series_end)


def control_frames(days: list[pd.Timestamp]) -> pd.DataFrame:
    """DeepState's layers on each of ``days`` (``frame`` index, ``date``, ``layer``,
    ``snapshot_utc``, ``area_km2`` equal-area, ``geometry`` EPSG:4326)."""
    oblast = boundaries.kursk_oblast()
    parts = []
    for index, day in enumerate(days):
        layers = control.deepstate_snapshot_polygons(oblast, day)
        parts.append(layers.assign(frame=index, date=day))
    return pd.concat(parts, ignore_index=True)


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


def listed_events(days: list[pd.Timestamp]) -> pd.DataFrame:
    """For each frame, the events of data/events.csv dated after the previous frame's day and
    up to its own (the first frame: up to its day, from six days before): ``frame``, ``line``
    (0, 1, ...), ``text`` ("06 Aug 2024  headline"), ``summary``, ``sources``; at most
    :data:`LISTED` per frame, then one line saying how many more there are."""
    events = events_with_sources()
    rows = []
    for index, day in enumerate(days):
        since = days[index - 1] if index else day - pd.Timedelta(days=7)
        chosen = events[(events["date"] > since) & (events["date"] <= day)]
        for line, event in enumerate(chosen.head(LISTED).itertuples()):
            when = (f"{event.date:%b %Y}" if event.date_precision == "month"
                    else f"{event.date:%d %b %Y}")
            rows.append({"frame": index, "line": line, "text": f"{when}   {event.headline}",
                         "summary": event.summary, "sources": event.sources})
        if len(chosen) > LISTED:
            rows.append({"frame": index, "line": LISTED,
                         "text": f"and {len(chosen) - LISTED} more in the chapters' tables",
                         "summary": "", "sources": ""})
    return pd.DataFrame(rows, columns=["frame", "line", "text", "summary", "sources"])
