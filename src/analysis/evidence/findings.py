"""The numbers each chapter's prose quotes, computed from the data (never typed in prose).

Each function returns a dict of name -> value for :func:`analysis.pages.book.glue_numbers`.
"""
from __future__ import annotations

import pandas as pd

from ..data import boundaries, external
from ..data.tables import load_settlements
from . import claims, comparisons, routes
from . import series as measures

#: The day Russia's General Staff claimed full control (see events, chapter 4).
RUSSIAN_CLAIM_DATE = "2025-04-26"


def _day(value) -> str:
    """A date as '6 September 2024'."""
    return f"{pd.Timestamp(value):%d %B %Y}".lstrip("0")


def overview() -> dict:
    """Peak measured area, its share of the oblast, the state on the day of Russia's claim and
    how far the evidence runs."""
    series = measures.measured_series()
    peak_day, peak_km2 = measures.peak(series)
    from .coverage import evidence_dates

    dates = evidence_dates()
    return {
        "peak_km2": peak_km2,
        "peak_date": _day(peak_day),
        "peak_share": measures.share_of_oblast(peak_km2),
        "claim_date": _day(RUSSIAN_CLAIM_DATE),
        "held_at_claim": measures.value_on(series, RUSSIAN_CLAIM_DATE, "held_by_ukraine_km2"),
        "grey_at_claim": measures.value_on(series, RUSSIAN_CLAIM_DATE, "grey_zone_km2"),
        "sources_to": _day(dates["sources"]),
        "measured_to": _day(dates["measured"]),
        **{k: v for k, v in aftermath().items()
           if k in ("sumy_latest_km2", "sumy_latest_date", "kharkiv_border_latest_km2")},
        **{k: v for k, v in russian_counteroffensive().items()
           if k in ("rate_attrition", "rate_collapse", "held_20250305", "held_20250316")},
        "held_20241231": russian_response()["held_20241231"],
        **{k: v for k, v in north_korean_role().items() if k in ("nis_total_0430", "nis_kw_0430")},
        "largest_claim_km2": planning_and_surprise()["largest_claim_km2"],
        **{k: v for k, v in assessment().items()
           if k in ("aims_ua", "aims_ua_achieved", "aims_ua_partly", "aims_ua_not",
                    "gain_before", "gain_during", "sumy_area", "sumy_area_date")},
    }


def _on(series: pd.DataFrame, days, column: str = "held_by_ukraine_km2",
        prefix: str = "held") -> dict:
    """``{prefix}_YYYYMMDD: value`` of a measured column (km2) on each of ``days``."""
    return {f"{prefix}_{day.replace('-', '')}": measures.value_on(series, day, column)
            for day in days}


def _measured_basics() -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The measured series, the loss rate per phase (indexed by phase) and the peak entries."""
    series = measures.measured_series()
    peak_day, peak_km2 = measures.peak(series)
    return (series, measures.loss_rate_by_phase(series).set_index("phase"),
            {"peak_km2": peak_km2, "peak_date": _day(peak_day)})


def planning_and_surprise() -> dict:
    """Chapter 1: the measured peak and its share of the oblast, the first published figures
    (12 August) beside the measurement, the largest Ukrainian claim and its gap to the peak."""
    series = measures.measured_series()
    peak_day, peak_km2 = measures.peak(series)
    grey_km2 = peak_km2 + measures.value_on(series, f"{peak_day:%Y-%m-%d}", "grey_zone_km2")
    largest = claims.largest("area_held_by_ukraine", "Ukraine")
    first_ds = claims.one("area_held_by_ukraine", "2024-08-12", "independent",
                          source_id="euromaidanpress-20240812-syrskyi-1000")
    first_ua = claims.one("area_held_by_ukraine", "2024-08-12", "Ukraine")
    pows = claims.one("russian_pows_taken", "2024-08-27", "Ukraine")
    return {
        "peak_km2": peak_km2,
        "peak_date": _day(peak_day),
        "peak_share": measures.share_of_oblast(peak_km2),
        "peak_grey_km2": grey_km2,
        "oblast_km2": boundaries.kursk_area_km2(),
        "oblast_official_km2": boundaries.KURSK_OFFICIAL_AREA_KM2,
        "largest_claim_km2": float(largest["value"]),
        "largest_claim_date": _day(largest["date"]),
        "largest_claim_source": f"{largest['source_publisher']}",
        "largest_claim_over_peak": float(largest["value"]) - peak_km2,
        "largest_claim_share": measures.share_of_oblast(float(largest["value"])),
        "largest_claim_over_grey": float(largest["value"]) - grey_km2,
        "ds_0812_km2": float(first_ds["value"]),
        "ua_0812_km2": float(first_ua["value"]),
        "measured_0812_km2": measures.value_on(series, "2024-08-12", "held_by_ukraine_km2"),
        "measured_0815_km2": measures.value_on(series, "2024-08-15", "held_by_ukraine_km2"),
        "measured_0827_km2": measures.value_on(series, "2024-08-27", "held_by_ukraine_km2"),
        "pows_0827": float(pows["value"]),
        "swap_0824": float(claims.one("pows_exchanged", "2024-08-24", "Russia")["value"]),
    }


def diplomatic_stakes() -> dict:
    """Chapter 5: the exchange arithmetic of 12 February 2025 and DeepState's held area on the
    diplomatic dates the chapter discusses (km2)."""
    series = measures.measured_series()
    table = comparisons.exchange_arithmetic("2025-02-12")
    occupied = table[table["metric"] == "occupied_ukraine_area"].iloc[0]
    reported = table[table["metric"] == "area_held_by_ukraine"].iloc[0]
    measured = table[table["metric"] == "measured_held_by_ukraine"].iloc[0]
    held = {f"held_{day.replace('-', '')}": measures.value_on(series, day, "held_by_ukraine_km2")
            for day in ("2024-11-20", "2025-02-11", "2025-02-28", "2025-03-03", "2025-03-11",
                        "2025-03-16", "2025-04-26")}
    return {
        "occupied_km2": float(occupied["value"]),
        "kursk_reported_km2": float(reported["value"]),
        "kursk_measured_0212_km2": float(measured["value"]),
        "ratio_reported": float(reported["ratio"]),
        "ratio_measured": float(measured["ratio"]),
        "kursk_share_of_occupied": 100.0 * float(measured["value"]) / float(occupied["value"]),
        "grey_20250426": measures.value_on(series, "2025-04-26", "grey_zone_km2"),
        "ds_0427_km2": float(claims.one("area_held_by_ukraine", "2025-04-27",
                                        "independent")["value"]),
        "lost_0228_0316_km2": held["held_20250228"] - held["held_20250316"],
        "lost_0228_0316_pct": 100.0 * (1 - held["held_20250316"] / held["held_20250228"]),
        **held,
    }


def russian_counteroffensive() -> dict:
    """Chapter 4: the measured course of the recapture (DeepState held area and grey zone, ISW
    Russian advances, km2) and the loss rate per phase (km2/day)."""
    series, rates, out = _measured_basics()
    out.update(_on(series, ["2025-01-05", "2025-03-05", "2025-03-10", "2025-03-12",
                            "2025-03-16", "2025-04-19", "2025-04-26"]))
    out.update(_on(series, ["2025-04-19", "2025-04-26"], "grey_zone_km2", "grey"))
    out.update(_on(series, ["2025-03-12", "2025-04-19", "2025-04-26"],
                   "isw_retaken_by_russia_km2", "isw"))
    out.update({
        "held_last": float(series["held_by_ukraine_km2"].iloc[-1]),
        "last_date": _day(series["date"].iloc[-1]),
        "share_left_20250426": 100.0 * out["held_20250426"] / out["peak_km2"],
        "share_left_20250105": 100.0 * out["held_20250105"] / out["peak_km2"],
        "lost_collapse_pct": 100.0 * (1 - out["held_20250316"] / out["held_20250305"]),
        "lost_0305_0316": out["held_20250305"] - out["held_20250316"],
    })
    for phase in ("attrition", "collapse", "endgame"):
        out[f"rate_{phase}"] = -float(rates.loc[phase, "km2_per_day"])
        out[f"lost_{phase}"] = -float(rates.loc[phase, "change_km2"])
        out[f"days_{phase}"] = int(rates.loc[phase, "days"])
    out["rate_ratio"] = out["rate_collapse"] / out["rate_attrition"]
    # Claims beside the measurements of the same day.
    syrskyi = claims.one("area_held_by_ukraine", "2025-02-14", "Ukraine")
    out.update(_on(series, ["2025-02-14"]))
    out.update(_on(series, ["2025-02-14"], "grey_zone_km2", "grey"))
    out.update({
        "syrskyi_0214_km2": float(syrskyi["value"]),
        "held_or_grey_20250214": out["held_20250214"] + out["grey_20250214"],
        "gerasimov_0312_km2": float(claims.one("area_retaken_by_russia", "2025-03-12")["value"]),
        "gerasimov_0419_km2": float(claims.one("area_retaken_by_russia", "2025-04-19")["value"]),
        "gerasimov_0419_left_km2": float(claims.one("area_held_by_ukraine", "2025-04-19",
                                                "Russia")["value"]),
    })
    out.update(pipeline_route())
    return out


def pipeline_route() -> dict:
    """The gas-pipeline raid's modelled ends (see :mod:`analysis.evidence.routes`): ``pipe_entry_km``
    and ``pipe_exit_km`` (claimed km north of Sudzha), ``pipe_line_km`` (geodesic km between
    the modelled ends), ``pipe_walked_km`` (the same account's km inside the pipe), and
    whether DeepState showed each end as held by Ukraine on the eve of use
    (``pipe_entry_held``, ``pipe_exit_held``: the day before the claimed date; as text,
    ``pipe_entry_where``/``pipe_exit_where``: "inside" or "outside")."""
    ends = routes.ends(routes.PIPELINE_RAID).set_index("role")
    # the distance walked as given by the account that places the ends (its first source)
    walked = claims.one("pipeline_length", "2025-03-08", "Russia",
                    source_id=ends.loc["entry", "source_ids"].split(";")[0])
    out: dict[str, object] = {"pipe_entry_km": float(ends.loc["entry", "distance_km"]),
           "pipe_exit_km": float(ends.loc["exit", "distance_km"]),
           "pipe_line_km": float(routes.schematic_line(ends.reset_index())["length_km"].iloc[0]),
           "pipe_walked_km": float(walked["value"])}
    oblast = boundaries.kursk_oblast()
    for role in ("entry", "exit"):
        eve = ends.loc[role, "date"] - pd.Timedelta(days=1)
        layers = external.deepstate_snapshot_polygons(oblast, eve)
        held = layers[layers["layer"] == "held_by_ukraine"].geometry.union_all()
        out[f"pipe_{role}_held"] = bool(held.contains(ends.loc[role, "geometry"]))
        out[f"pipe_{role}_where"] = "inside" if out[f"pipe_{role}_held"] else "outside"
    return out


def russian_response() -> dict:
    """Chapter 2: the measured held area (DeepState, km2) before and after Russia's September
    counterattack and through the autumn, ISW's cumulative Russian advances by the end of 2024
    and the attrition phase's average daily loss (km2/day)."""
    series, rates, out = _measured_basics()
    out.update(_on(series, ["2024-09-10", "2024-09-16", "2024-09-30", "2024-10-31",
                            "2024-11-22", "2024-12-31"]))
    out.update(_on(series, ["2024-09-30", "2024-12-31"], "grey_zone_km2", "grey"))
    out.update(_on(series, ["2024-12-31"], "isw_retaken_by_russia_km2", "isw"))
    out["rate_attrition"] = -float(rates.loc["attrition", "km2_per_day"])
    out["lost_first_week"] = out["held_20240910"] - out["held_20240916"]
    out["lost_2024_pct"] = 100.0 * (1 - out["held_20241231"] / out["peak_km2"])
    return out


def north_korean_role() -> dict:
    """Chapter 3: the published estimates of North Korean troops and casualties (people, by
    claimant, never averaged) and the measured held area (DeepState, km2) in the weeks North
    Korean units were reported in combat, out of it and back."""
    series = measures.measured_series()

    def value(metric, day, side=None):
        return float(claims.one(metric, day, side)["value"])

    out = {
        "nis_first_1018": value("nk_troops_deployed", "2024-10-18", "South Korea"),
        "zelensky_1017": value("nk_troops_deployed", "2024-10-17", "Ukraine"),
        "pentagon_1028": value("nk_troops_deployed", "2024-10-28"),
        "nis_total_0430": value("nk_troops_deployed", "2025-04-30"),
        "zelensky_kw_1223": value("nk_killed_and_wounded", "2024-12-23", "Ukraine"),
        "seoul_kw_1223": value("nk_killed_and_wounded", "2024-12-23", "South Korea"),
        "nis_killed_0113": value("nk_killed", "2025-01-13"),
        "nis_wounded_0113": value("nk_wounded", "2025-01-13"),
        "uk_kw_0402": value("nk_killed_and_wounded", "2025-04-02"),
        "ua_kw_0426": value("nk_killed_and_wounded", "2025-04-26"),
        "nis_kw_0430": value("nk_killed_and_wounded", "2025-04-30"),
        "nis_killed_0430": value("nk_killed", "2025-04-30"),
        "nis_killed_0902": value("nk_killed", "2025-09-02"),
        **_on(series, ["2024-11-04", "2024-12-14", "2025-01-15", "2025-02-07", "2025-03-16"]),
    }
    out["gap_1223"] = out["zelensky_kw_1223"] / out["seoul_kw_1223"]
    out["nis_kw_share_0430"] = 100.0 * out["nis_kw_0430"] / out["nis_total_0430"]
    out["lost_1104_0115"] = out["held_20241104"] - out["held_20250115"]
    return out


def methods() -> dict:
    """The sources-and-methods appendix: our oblast area against the official figure (km2),
    how many sources the data cites, the measured peak (km2) and the series' first and last
    days."""
    from ..data.tables import load_sources

    series = measures.measured_series()
    _, peak_km2 = measures.peak(series)
    ours = boundaries.kursk_area_km2()
    return {
        "kursk_km2": ours,
        "kursk_official_km2": boundaries.KURSK_OFFICIAL_AREA_KM2,
        "kursk_diff_pct": 100 * (ours / boundaries.KURSK_OFFICIAL_AREA_KM2 - 1),
        "n_sources": len(load_sources()),
        "peak_km2": peak_km2,
        "series_start": _day(series["date"].min()),
        "series_end": _day(series["date"].max()),
        **{k: v for k, v in assessment().items()
           if k in ("pows_0426", "pows_0525", "kursk_killed_by_ru", "kursk_killed_low_2025")},
    }


def gazetteer_places_held_at_peak() -> list[str]:
    """Names of the GeoNames places (1,000+ people, Russia) inside DeepState's held polygon on
    the peak day (EPSG:4326 points in the EPSG:4326 polygon)."""
    import shapely

    from ..data import gazetteer

    series = measures.measured_series()
    day, _ = measures.peak(series)
    layers = external.deepstate_snapshot_polygons(boundaries.kursk_oblast(), day)
    held = layers[layers["layer"] == "held_by_ukraine"].geometry.union_all()
    return sorted(r["name"] for r in gazetteer.places("RU")
                  if held.contains(shapely.Point(r["lon"], r["lat"])))


def assessment() -> dict:
    """Chapter 6: the diversion test (ISW whole-front gains, km2/month, per window), the
    largest loss figures each side gave for the other, prisoners, the civilian toll as Russian
    officials gave it, and Russia's later hold in Sumy oblast (km2)."""
    from . import assessment as scoring

    means = scoring.window_means().set_index("window")
    before, during, after = (means.iloc[i] for i in range(3))
    series, rates, out = _measured_basics()
    out.update(_on(series, [RUSSIAN_CLAIM_DATE]))
    out.update({
        "gain_before": before["mean_gain_km2"], "months_before": int(before["months"]),
        "gain_during": during["mean_gain_km2"], "months_during": int(during["months"]),
        "gain_after": after["mean_gain_km2"], "months_after": int(after["months"]),
        "gain_ratio_during": during["mean_gain_km2"] / before["mean_gain_km2"],
        "gain_total_during": during["total_gain_km2"],
    })
    for key, metric, side in (("ru_losses_by_ua", "russian_losses_kursk", "Ukraine"),
                              ("ua_losses_by_ru", "ukrainian_losses_kursk", "Russia"),
                              ("ru_killed_by_ua", "russian_killed_kursk", "Ukraine"),
                              ("troops_in_kursk_by_ua", "russian_troops_in_kursk", "Ukraine"),
                              ("pows_by_ua", "russian_pows_taken", "Ukraine"),
                              ("ua_pows_by_ru", "ukrainian_pows_taken", "Russia"),
                              ("kursk_killed_by_ru", "civilians_killed", "Russia"),
                              ("sumy_area", "sumy_area_taken_by_russia", "independent")):
        top = claims.largest(metric, side)
        out[key] = float(top["value"])
        out[f"{key}_date"] = _day(top["date"])
        out[f"{key}_who"] = str(top["claimant"]).split(" (")[0]
    killed = claims.claims_with_sources("civilians_killed", "2025-01-01", "2025-12-31")
    officials = killed[killed["claimant_side"] == "Russia"]
    out["kursk_killed_low_2025"] = float(officials["value"].min())
    out["kursk_killed_independent"] = float(claims.largest("civilians_killed",
                                                           "independent")["value"])
    out["pows_0525"] = float(claims.one("russian_pows_taken", "2025-05-25", "Ukraine")["value"])
    out["pows_0426"] = float(claims.one("russian_pows_taken", "2025-04-26", "Ukraine")["value"])
    out["swap_0824"] = float(claims.one("pows_exchanged", "2024-08-24", "Russia")["value"])
    out["swap_0914"] = float(claims.one("pows_exchanged", "2024-09-14", "Russia")["value"])
    first_sumy = claims.claims_with_sources("sumy_area_taken_by_russia").iloc[0]
    out["sumy_area_first"] = float(first_sumy["value"])
    out["sumy_area_first_date"] = _day(first_sumy["date"])
    out["sumy_evacuated"] = float(claims.largest("sumy_civilians_evacuated", "Ukraine")["value"])
    out["nk_workers_promised"] = float(claims.one("nk_engineers_deployed", "2025-06-17")["value"])
    out["nk_builders_nis"] = float(claims.one("nk_engineers_deployed", "2025-11-04")["value"])
    out["nk_deployed_nis_0430"] = float(claims.one("nk_troops_deployed", "2025-04-30")["value"])
    out["days_to_claim"] = (pd.Timestamp(RUSSIAN_CLAIM_DATE) - pd.Timestamp("2024-08-06")).days
    out.update({k: v for k, v in aftermath().items() if k in ("sumy_latest_km2",
                                                               "sumy_latest_date")})
    aims = scoring.scorecard()
    kyiv = aims[aims["side"] == "Ukraine"]["assessment"]
    out.update({"aims_ua": len(kyiv), "aims_ua_achieved": int((kyiv == "achieved").sum()),
                "aims_ua_partly": int((kyiv == "partly achieved").sum()),
                "aims_ua_not": int((kyiv == "not achieved").sum())})
    return out


def places() -> dict:
    """Numbers the places appendix quotes: how many places the book names, how many have a
    sourced coordinate, and which do not (their names, in the table's order)."""
    table = load_settlements().sort_values(["oblast", "name"], kind="stable")
    missing = table.loc[table["lat"].isna(), "name"].tolist()
    return {"n_places": len(table), "n_located": int(table["lat"].notna().sum()),
            "n_unlocated": len(missing), "unlocated": ", ".join(missing)}


def aftermath() -> dict:
    """The aftermath chapter: Russia's hold in Sumy oblast and along Kharkiv oblast's border
    from DeepState's occupied-area record, split by Natural Earth's border (see
    :mod:`analysis.evidence.aftermath`; km2, equal-area). ``sumy_latest_km2`` and its date, the
    peak and its (first) date, the area at the end of each year the record covers
    (``sumy_end_2024_km2``, ...; the current year's is its latest day), the Kharkiv border
    area and the area outside the border on the latest day, and Ukraine's peak in Kursk
    oblast (DeepState, the Kursk series) to set beside them."""
    from . import aftermath as zone

    latest = zone.latest()
    peak_day, peak_km2 = zone.peak("sumy_km2")
    first_held = zone.daily()
    first_held = first_held.loc[first_held["sumy_km2"] > 0, "date"].min()
    kursk_day, kursk_km2 = measures.peak(measures.measured_series())
    out: dict[str, object] = {
        "sumy_latest_km2": float(latest["sumy_km2"]),
        "sumy_latest_date": _day(latest["date"]),
        "sumy_peak_km2": peak_km2,
        "sumy_peak_date": _day(peak_day),
        "sumy_first_date": _day(first_held),
        "kharkiv_border_latest_km2": float(latest["kharkiv_border_km2"]),
        "outside_border_latest_km2": float(latest["outside_border_km2"]),
        "outside_border_sumy_latest_km2": float(latest["outside_border_sumy_km2"]),
        "outside_border_kharkiv_latest_km2": float(latest["outside_border_kharkiv_km2"]),
        "sumy_with_outside_latest_km2": float(latest["sumy_km2"]
                                              + latest["outside_border_sumy_km2"]),
        "sumy_share_of_kursk_peak": 100.0 * float(latest["sumy_km2"]) / kursk_km2,
        "kursk_peak_km2": kursk_km2,
        "kursk_peak_date": _day(kursk_day),
        "record_end": _day(latest["date"]),
    }
    for year, (day, value) in zone.year_ends("sumy_km2").items():
        out[f"sumy_end_{year}_km2"] = value
        out[f"sumy_end_{year}_date"] = _day(day)
    for year, (day, value) in zone.year_ends("kharkiv_border_km2").items():
        out[f"kharkiv_border_end_{year}_km2"] = value
    return out
