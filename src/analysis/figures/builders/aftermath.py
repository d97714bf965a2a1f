"""Figures of the aftermath chapter (Russia's hold on the Ukrainian side of the border after the
incursion), in the order the page shows them (see :mod:`analysis.figures.registry`). Each
builder returns ``(chart, data)``; every number in a title is computed here from the data."""
from __future__ import annotations

import pandas as pd

from ...data import boundaries as geo
from ...data import gazetteer
from ...evidence import aftermath as zone
from ...evidence import findings
from ...evidence import series as measures
from .. import charts, maps
from ..registry import register
from .common import (
    BOUNDARIES,
    DEEPSTATE,
    GEONAMES,
    OCCUPIED,
    km2,
    timeline,
)

SOURCE_KURSK = "DeepStateMap snapshot of {:%Y-%m-%d %H:%M} UTC; our measurement"
SOURCE_OCCUPIED = "DeepStateMap via deepstate-map-data, {:%Y-%m-%d}; our measurement"


def kursk_by_month() -> pd.DataFrame:
    """Ukraine's held area in Kursk oblast (DeepState, km2) on the last day of each month of
    the Kursk series and on its last day, and on its peak day (whose ``month`` is the day
    itself, so the line passes through the peak the title quotes): ``month``, ``date``,
    ``km2``, ``source``, ``peak`` (True on the peak day)."""
    series = measures.measured_series()
    peak_day, _ = measures.peak(series)
    chosen = zone.month_ends(series["date"]).to_numpy() | (series["date"] == peak_day).to_numpy()
    rows = series[chosen].reset_index(drop=True)
    is_peak = rows["date"] == peak_day
    month = rows["date"].dt.to_period("M").dt.to_timestamp().where(~is_peak, rows["date"])
    return pd.DataFrame({"month": month, "date": rows["date"],
                         "km2": rows["held_by_ukraine_km2"],
                         "source": [SOURCE_KURSK.format(t) for t in rows["snapshot_utc"]],
                         "peak": is_peak})


def holds_long() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the three monthly series in long form with their direct labels, the band of what
    DeepState draws beyond Natural Earth's border next to Sumy oblast), from August 2024."""
    kursk = kursk_by_month().assign(series="Ukraine in Kursk oblast")
    top = int(kursk.index[kursk["peak"]][0])
    kursk = kursk.drop(columns="peak")
    monthly = zone.monthly()
    monthly = monthly[monthly["month"] >= kursk["month"].min()]
    source = [SOURCE_OCCUPIED.format(d) for d in monthly["date"]]
    sumy = pd.DataFrame({"month": monthly["month"], "date": monthly["date"],
                         "km2": monthly["sumy_km2"], "source": source,
                         "series": "Russia in Sumy oblast"})
    kharkiv = sumy.assign(km2=monthly["kharkiv_border_km2"].to_numpy(),
                          series="Russia along Kharkiv oblast's border")
    long = pd.concat([kursk, sumy, kharkiv], ignore_index=True)
    long["label"], long["label_align"], long["label_baseline"] = "", "left", "bottom"
    long.loc[top, "label"] = (f"Ukraine in Kursk oblast: peak {kursk.loc[top, 'km2']:,.0f} km² "
                              f"({kursk.loc[top, 'date']:%-d %b %Y})")
    for name, baseline in (("Russia in Sumy oblast", "top"),
                           ("Russia along Kharkiv oblast's border", "bottom")):
        end = long[long["series"] == name].index[-1]
        long.loc[end, ["label", "label_align", "label_baseline"]] = \
            [f"{name}: {long.loc[end, 'km2']:,.0f} km²", "right", baseline]
    band = pd.DataFrame({"month": monthly["month"], "date": monthly["date"],
                         "low": monthly["sumy_km2"],
                         "high": monthly["sumy_km2"] + monthly["outside_border_sumy_km2"],
                         "source": source})
    return long[["month", "date", "series", "km2", "source", "label", "label_align",
                 "label_baseline"]], band


def _holds_finding() -> str:
    f = findings.aftermath()
    return (f"After Kursk, Russia's hold in Sumy oblast grew to {km2(f['sumy_latest_km2'])} by "
            f"{f['sumy_latest_date']}, {f['sumy_share_of_kursk_peak']:.0f} % of Ukraine's Kursk peak")


@register("fig-aftermath-holds",
          title=_holds_finding,
          measure=("Area held, km² (equal-area), on the last day of each month: Ukraine's in Kursk "
                   "oblast, Russia's in Sumy oblast and in Kharkiv oblast's border strip (DeepState)"),
          caption="Area held on the last day of each month DeepState's records have: Ukraine's "
                  "in Kursk oblast (to June 2025, when the Kursk record ends), Russia's in Sumy "
                  "oblast, and Russia's in Kharkiv oblast north of 49.9° N along the Russian "
                  "border (dashed), each inside Natural Earth's border. The shaded band is what "
                  "DeepState also draws as occupied next to Sumy oblast but Natural Earth's "
                  "border puts in Russia; it is shown apart, not added in.",
          alt="Line chart by month from August 2024 to August 2026: Ukraine's held area in "
              "Kursk oblast rises to its peak in the autumn of 2024 and falls to nearly nothing "
              "by spring 2025; Russia's hold in Sumy oblast appears in May 2025 and grows "
              "through 2026; Russia's hold along Kharkiv oblast's border grows from the start.",
          sources=f"{OCCUPIED}; {DEEPSTATE}; {BOUNDARIES}. Our computation.")
def aftermath_holds():
    long, band = holds_long()
    latest = zone.latest()
    chart = charts.holds_by_month(
        long, band, band_label=f"+{float(latest['outside_border_sumy_km2']):,.0f} km² drawn "
                               "beyond Natural Earth's border")
    data = pd.concat([long.drop(columns=["label_align", "label_baseline"]),
                      band.assign(series="Russia in Sumy oblast, with what DeepState draws "
                                         "beyond Natural Earth's border",
                                  km2=band["high"]).drop(columns=["low", "high"])],
                     ignore_index=True)
    return chart, data


def _sumy_map_finding() -> str:
    f = findings.aftermath()
    return (f"On {f['sumy_latest_date']} Russia held {km2(f['sumy_latest_km2'])} of Sumy oblast, "
            f"and DeepState showed {km2(f['outside_border_sumy_latest_km2'])} more that "
            "Natural Earth's border puts in Russia")


@register("fig-aftermath-sumy-map",
          title=_sumy_map_finding,
          measure=("Area DeepState showed as occupied by Russia along the Sumy oblast border on the "
                   "last day of its record"),
          caption="The area DeepState showed as occupied by Russia along the Sumy oblast border "
                  "on the last day of its record: inside Natural Earth's border (the one this "
                  "book measures by) in Russia's colour, and in a paler tint what DeepState "
                  "draws as occupied but that border puts in Russia. Places the book names are "
                  "marked; a scale bar gives distances.",
          alt="Map of the border between Kursk oblast (Russia) and Sumy oblast (Ukraine): a "
              "narrow band of Russian-occupied land runs along the Ukrainian side of the "
              "border north-east of Sumy, widest near Yunakivka, with paler slivers on the "
              "Russian side of the line.",
          sources=f"{OCCUPIED}; {BOUNDARIES}; {GEONAMES}; village coordinates as cited in "
                  "data/settlements.csv. Our computation.",
          approximate="polygons simplified to about 100 m.")
def aftermath_sumy_map():
    when, layers = zone.sumy_zone_on(zone.latest()["date"])
    layers["source"] = SOURCE_OCCUPIED.format(when)
    chart = maps.zone_map(geo.oblasts(display=True), geo.border(), layers,
                          geo.settlements_frame())
    data = layers.drop(columns="geometry").assign(date=f"{when:%Y-%m-%d}")
    return chart, data


#: Places marked on the Kharkiv border map: GeoNames towns of at least this many people.
KHARKIV_TOWNS_FROM = 5_000


def kharkiv_towns() -> pd.DataFrame:
    """GeoNames places of Kharkiv oblast (Ukraine) with at least :data:`KHARKIV_TOWNS_FROM`
    people: ``name``, ``lat``, ``lon`` (degrees), ``population``, ``coordinate_source``."""
    rows = [r for r in gazetteer.places("UA") if r["state"].startswith("Kharkiv")
            and (r["population"] or 0) >= KHARKIV_TOWNS_FROM]
    return pd.DataFrame({"name": [r["name"] for r in rows], "lat": [r["lat"] for r in rows],
                         "lon": [r["lon"] for r in rows],
                         "population": [r["population"] for r in rows],
                         "coordinate_source": "GeoNames (CC BY 4.0)"})


def _kharkiv_map_finding() -> str:
    f = findings.aftermath()
    return (f"On {f['record_end']} Russia held {km2(f['kharkiv_border_latest_km2'])} of "
            "Kharkiv oblast north of 49.9° N, along the Russian border")


@register("fig-aftermath-kharkiv-map",
          title=_kharkiv_map_finding,
          measure=("Area DeepState showed as occupied by Russia in Kharkiv oblast north of 49.9° N "
                   "on the last day of its record"),
          caption="The area DeepState showed as occupied by Russia in Kharkiv oblast north of "
                  "49.9° N (the southern edge of the record as kept for this book) on the last "
                  "day of its record: inside Natural Earth's border in Russia's colour, and in a "
                  "paler tint what DeepState draws as occupied but that border puts in Russia. "
                  "Towns of 5,000 people or more (GeoNames) are marked; a scale bar gives "
                  "distances.",
          alt="Map of Kharkiv oblast's border with Belgorod oblast: Russian-occupied land "
              "around Vovchansk in the north and a wider area in the east along the Oskil "
              "river, with paler slivers on the Russian side of the line.",
          sources=f"{OCCUPIED}; {BOUNDARIES}; {GEONAMES}. Our computation.",
          approximate="polygons simplified to about 100 m.")
def aftermath_kharkiv_map():
    latest = zone.latest()
    when, layers = zone.sumy_zone_on(latest["date"])
    layers["source"] = SOURCE_OCCUPIED.format(when)
    chart = maps.zone_map(
        geo.oblasts(display=True), geo.border(), layers, kharkiv_towns(),
        frame_box=maps.KHARKIV_ZONE, names_at=maps.KHARKIV_ZONE_NAMES, bar_at=(12, 40))
    data = layers.drop(columns="geometry").assign(date=f"{when:%Y-%m-%d}")
    return chart, data


def _aftermath_timeline_finding() -> str:
    f = findings.aftermath()
    return ("After Kursk the fighting moved into Sumy oblast: DeepState's record first "
            f"shows Russia holding ground there on {f['sumy_first_date']}")


@register("fig-aftermath-timeline", title=_aftermath_timeline_finding,
          measure=("The events of chapter 7 (data/events.csv), one line each, dated as precisely as "
                   "the sources give them"),
          caption="The chapter's events, one line each: the date as precise as the sources give "
                  "it (a month-only date without a day), then who said or did what. Claims are "
                  "attributed in the line; hover a line for the summary and its sources.",
          alt="A labelled chronology of the aftermath: the border war in Kursk and Sumy "
              "oblasts, strikes, the return of Kursk residents, demining, North Korea's "
              "engineers and the talks, from 2025 to March 2026.",
          sources="data/events.csv (chapter 'aftermath'), each event with its sources")
def aftermath_timeline():
    return timeline("aftermath", "After Kursk: a chronology")
