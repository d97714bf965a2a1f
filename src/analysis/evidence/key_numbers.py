"""The report's key quantities: one definition, one figure each, and where it comes from.

A quantity the book states in several places (the peak held area, the March collapse, each
side's loss claims, North Korea's deployment and losses, prisoners, the civilian toll, Russia's
monthly gains) is defined here once, with its unit, as-of date and the rows or computation it
comes from. Pages glue it from here (``kn_<id>``: the value; ``kn_<id>_text``: the figure as
the source gave it, qualifier and scope included; ``kn_<id>_date``: its as-of date at its
precision), the Key numbers appendix shows the table and the build publishes it as CSV.

Where two measures of one thing both matter, each is its own row with its own baseline
(the March collapse from its eve, and from the last day of February).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from .. import dates
from ..data import boundaries
from ..data.tables import load_phases
from . import claims as claim_data
from . import series as measures

DEEPSTATE = "deepstatemap-archive"
ISW = "isw-ctp-front-layers"


@dataclass(frozen=True)
class Key:
    """One key quantity: ``key`` (the glue name's stem), ``quantity`` (what it is, briefly),
    ``definition`` (exactly what is counted, and its baseline) and ``compute`` (returns the
    row's value columns; see :func:`_claim` and :func:`_measured`)."""
    key: str
    quantity: str
    definition: str
    compute: Callable[[], dict]


def _claim(metric: str, day: str | None = None, side: str | None = None,
           source_id: str | None = None, largest: str | None = None) -> Callable[[], dict]:
    """A key number that is one claim row: the one of ``metric`` on ``day`` (by ``side``),
    or with ``largest`` the largest running total that side gave."""
    def compute() -> dict:
        if largest:
            rows = claim_data.claims_with_sources(metric)
            rows = rows[(rows["claimant_side"] == largest) & rows["value"].notna()
                        & rows["period"].isna()]
            row = rows.sort_values(["value", "date"], ascending=[False, True]).iloc[0]
        else:
            row = claim_data.one(metric, str(day), side, source_id)
        return {"value": float(row["value"]) if pd.notna(row["value"]) else None,
                "unit": row["unit"], "as_of": row["date"], "precision": row["date_precision"],
                "text": claim_data.claim_text(row), "claimant": row["claimant"],
                "basis": f"claim {row['claim_id']} (data/claims.csv)",
                "source_ids": row["source_id"], "kind": "claimed"}
    return compute


def _measured(value: float, day, basis: str, source_ids: str = DEEPSTATE,
              unit: str = "km2") -> dict:
    shown = f"{value:,.0f} km²" if unit == "km2" else f"{value:,.0f} %" if unit == "percent" \
        else f"{value:,.0f}"
    return {"value": float(value), "unit": unit, "as_of": pd.Timestamp(day), "precision": "day",
            "text": shown, "claimant": "measured (our computation)", "basis": basis,
            "source_ids": source_ids, "kind": "measured"}


def _peak() -> dict:
    day, km2 = measures.peak(measures.measured_series())
    return _measured(km2, day, "largest daily value of DeepState's held layer in Kursk oblast "
                               "(analysis.evidence.series.peak), equal-area CRS")


def collapse_days() -> tuple[pd.Timestamp, pd.Timestamp]:
    """The March collapse measured from its eve to its last day: (the day before the
    collapse phase of data/phases.csv starts, the day it ends)."""
    phase = load_phases().set_index("phase").loc["collapse"]
    return phase["start"] - pd.Timedelta(days=1), phase["end"]


def _held_on(day) -> float:
    return measures.value_on(measures.measured_series(), f"{pd.Timestamp(day):%Y-%m-%d}",
                             "held_by_ukraine_km2")


def _collapse(which: str) -> Callable[[], dict]:
    def compute() -> dict:
        eve, end = collapse_days()
        if which == "eve":
            return _measured(_held_on(eve), eve, "DeepState's held layer on the eve of the "
                             "collapse phase (data/phases.csv)")
        if which == "end":
            return _measured(_held_on(end), end, "DeepState's held layer on the last day of "
                             "the collapse phase (data/phases.csv)")
        lost = 100 * (1 - _held_on(end) / _held_on(eve))
        return _measured(lost, end, f"1 - held on {dates.long(end)} / held on "
                         f"{dates.long(eve)} (DeepState)", unit="percent")
    return compute


def _collapse_from_february() -> dict:
    _, end = collapse_days()
    start = pd.Timestamp("2025-02-28")  # the White House meeting (chapter 5's baseline)
    lost = 100 * (1 - _held_on(end) / _held_on(start))
    return _measured(lost, end, f"1 - held on {dates.long(end)} / held on {dates.long(start)},"
                     " the day of the White House meeting (DeepState)", unit="percent")


def _held_at_claim() -> dict:
    day = load_phases().set_index("phase").loc["endgame", "end"]
    return _measured(_held_on(day), day, "DeepState's held layer on the day Russia claimed "
                     "full control (end of the endgame phase, data/phases.csv)")


def _gain(month: str, layers: str) -> Callable[[], dict]:
    def compute() -> dict:
        from .assessment import monthly_gain
        value, last = monthly_gain(month, layers)
        counted = {"book": "control plus advances", "afp": "control, advances and Russian "
                   "claims (AFP's count)"}[layers]
        return _measured(value, last, f"ISW {counted}: change over {dates.long(month, 'month')}"
                         f" between month-end days (analysis.evidence.assessment.monthly_gain)",
                         source_ids=ISW)
    return compute


def _share_at_peak() -> dict:
    day, km2 = measures.peak(measures.measured_series())
    return _measured(measures.share_of_oblast(km2), day, "peak held area / Kursk oblast's area "
                     f"({boundaries.kursk_area_km2():,.0f} km², Natural Earth, equal-area)",
                     unit="percent")


#: The key quantities, in the order the Key numbers page lists them.
KEYS: list[Key] = [
    Key("peak_held", "Area Ukraine held at its peak", "Largest area of Kursk oblast that "
        "DeepState showed as held by Ukraine on any day (measured)", _peak),
    Key("peak_share", "Share of Kursk oblast held at the peak", "The peak held area as a "
        "share of the oblast (measured)", _share_at_peak),
    Key("largest_area_claim", "Largest area Kyiv claimed", "The largest area of Kursk oblast "
        "Ukraine's officials said they held", _claim("area_held_by_ukraine",
                                                     largest="Ukraine")),
    Key("collapse_eve", "Held area on the eve of the March collapse", "DeepState's held area "
        "the day before the collapse phase began (measured)", _collapse("eve")),
    Key("collapse_end", "Held area at the end of the March collapse", "DeepState's held area "
        "on the collapse phase's last day (measured)", _collapse("end")),
    Key("collapse_lost_pct", "Share lost in the March collapse", "Share of the held area lost "
        "from the collapse's eve to its last day (measured)", _collapse("lost")),
    Key("collapse_lost_pct_feb", "Share lost from the end of February", "Share of the held "
        "area lost from 28 February (the White House meeting) to the collapse's last day "
        "(measured; a longer baseline than the collapse itself)", _collapse_from_february),
    Key("held_at_claim", "Held area when Russia claimed full control", "DeepState's held area "
        "on 26 April 2025 (measured)", _held_at_claim),
    Key("ru_losses_syrskyi_wapo", "Russian losses in Kursk, by Syrskyi (July 2025)",
        "Russian servicemen killed or wounded over the whole operation, as Ukraine's "
        "commander-in-chief told The Washington Post", _claim("russian_losses_kursk",
                                                             "2025-07-23", "Ukraine")),
    Key("ru_losses_syrskyi_year", "Russian losses in Kursk, by Syrskyi (August 2025)",
        "Russian and North Korean servicemen killed and wounded in the Kursk grouping's area "
        "in the operation's first year, as Syrskyi gave them on its anniversary",
        _claim("russian_losses_kursk", "2025-08-06", "Ukraine")),
    Key("ua_losses_by_ru", "Ukrainian losses in Kursk, by Russia", "The largest running total "
        "of Ukrainian losses in Kursk that Russia's officials gave", _claim(
            "ukrainian_losses_kursk", largest="Russia")),
    Key("nk_deployed_nis", "North Korean troops sent", "North Korean troops sent to Russia in "
        "all, by South Korea's intelligence service (NIS)", _claim("nk_troops_deployed",
                                                                   "2025-04-30")),
    Key("nk_casualties_nis", "North Korean casualties, by the NIS", "North Korean killed and "
        "wounded, by the NIS (April 2025)", _claim("nk_killed_and_wounded", "2025-04-30")),
    Key("nk_killed_nis", "North Korean dead, by the NIS", "North Korean soldiers killed, by the "
        "NIS's later estimate (September 2025)", _claim("nk_killed", "2025-09-02")),
    Key("nk_casualties_uk", "North Korean casualties, by the UK", "North Korean killed and "
        "wounded in Kursk, by UK Defence Intelligence (June 2025)",
        _claim("nk_killed_and_wounded", "2025-06-15")),
    Key("nk_killed_reuters", "North Korean dead, by Reuters' sources", "North Korean soldiers "
        "killed, by South Korean, Ukrainian and Western sources to Reuters (November 2025)",
        _claim("nk_killed", "2025-11-14")),
    Key("ru_pows", "Russian soldiers captured", "Russian servicemen captured in the operation, "
        "by Ukraine's General Staff", _claim("russian_pows_taken", "2025-05-25", "Ukraine")),
    Key("kursk_civilians_killed", "Civilians killed in Kursk oblast", "Civilians of Kursk "
        "oblast killed during the incursion, the largest figure Russia's officials gave",
        _claim("civilians_killed", largest="Russia")),
    Key("kursk_evacuated", "Civilians evacuated from Kursk oblast", "Residents of Kursk "
        "oblast evacuated, the largest figure Russia's officials gave",
        _claim("civilians_evacuated", largest="Russia")),
    Key("sumy_evacuated", "Civilians evacuated from Sumy oblast's border", "Residents who left "
        "Sumy oblast's border areas since evacuation began, by the regional administration",
        _claim("sumy_civilians_evacuated", largest="Ukraine")),
    Key("gain_nov2024_book", "Russian gains in Ukraine, November 2024 (the book's count)",
        "Change in ISW's control plus advances layers over November 2024 (what chapter 6's "
        "diversion test counts)", _gain("2024-11-01", "book")),
    Key("gain_nov2024_afp", "Russian gains in Ukraine, November 2024 (AFP's count)",
        "Change in ISW's control, advances and Russian-claimed layers over November 2024 (the "
        "layers AFP's monthly figures count)", _gain("2024-11-01", "afp")),
    Key("gain_nov2024_afp_published", "AFP's published figure, November 2024", "AFP's own "
        "figure for Russia's gains in November 2024", _claim(
            "russian_gain_ukraine_area", "2024-12-31", source_id="lbcgroup-20241231-"
            "nearly-4000-km2-2024")),
]


def table() -> pd.DataFrame:
    """Every key quantity: ``key``, ``quantity``, ``definition``, ``value``, ``unit``,
    ``as_of`` (date at its ``precision``), ``text`` (the figure as given), ``claimant``,
    ``kind`` (measured or claimed), ``basis`` (the rows or computation) and ``source_ids``."""
    rows = []
    for key in KEYS:
        rows.append({"key": key.key, "quantity": key.quantity, "definition": key.definition,
                     **key.compute()})
    frame = pd.DataFrame(rows)
    frame["as_of_text"] = [dates.long(d, p) for d, p in zip(frame["as_of"], frame["precision"])]
    return frame


def glue_values() -> dict:
    """``kn_<key>`` (value), ``kn_<key>_text`` (figure as given) and ``kn_<key>_date`` (as-of
    date at its precision) for every key quantity, for the pages' prose."""
    out: dict = {}
    for row in table().itertuples(index=False):
        out[f"kn_{row.key}"] = row.value
        out[f"kn_{row.key}_text"] = row.text
        out[f"kn_{row.key}_date"] = row.as_of_text
    return out
