"""Figures of the assessment chapter, in the order the page shows them (see
:mod:`analysis.figures.registry`). Each builder returns ``(chart, data)``."""
from __future__ import annotations

import pandas as pd

from ...evidence import assessment, findings
from ...evidence import claims as claim_data
from .. import charts
from ..registry import register
from .common import (
    DEEPSTATE,
    key,
)

ISW_FRONT = ("Institute for the Study of War with AEI's Critical Threats Project (assessed "
             "Russian control and advances in Ukraine)")


def _estimates(metrics: dict[str, str], title: str, y_title: str):
    """(estimates chart, its claims) for ``metrics`` (metric -> panel label), each claimant's
    figure its own point or range."""
    claims = claim_data.claims_with_sources(list(metrics))
    claims = claims.assign(metric_label=claims["metric"].map(metrics))
    return charts.estimates_over_time(claims, title=title, y_title=y_title), claims


def _front_gains_finding() -> str:
    f = findings.assessment()
    return (f"While Ukraine held ground in Kursk, Russia took {f['gain_during']:,.0f} km² of "
            f"Ukraine a month on average, {f['gain_ratio_during']:.1f} times its pace of the "
            f"{f['months_before']} months before")


@register("fig-front-gains",
          title=_front_gains_finding,
          measure=("Monthly change in the area of Ukraine ISW assessed as Russian-held, km² (bars; "
                   "window means dashed); Ukraine's Kursk holding at each month's end, km²"),
          caption="Above: the change each month in the area of Ukraine that ISW assessed as "
                  "Russian-held (control plus advances), with each window's mean as a dashed "
                  "line and the incursion's months shaded. Below: the area DeepState mapped as "
                  "held by Ukraine in Kursk oblast at each month's end.",
          alt="Bar chart of Russian monthly gains in Ukraine from December 2023 to December "
              "2025: low bars in the first half of 2024, taller bars from August 2024 to "
              "January 2025 while Ukraine held ground in Kursk, a dip in March and April 2025 "
              "and tall bars again from May 2025. Below, Ukraine's Kursk holding rises in "
              "August 2024 and shrinks to almost nothing by April 2025.",
          sources=f"{ISW_FRONT}; {DEEPSTATE}. Our computation.",
          approximate="ISW folds advances into its control layer in jumps, so single months "
                      "move by more than the ground did; month-end values.")
def front_gains():
    gains, means = assessment.front_gains_monthly(), assessment.window_means()
    kursk = assessment.kursk_held_monthly()
    chart = charts.monthly_gains(gains, means, kursk,
                                 title="Russian gains in Ukraine and the Kursk holding (km²)")
    data = gains.merge(kursk.drop(columns="source"), on="month", how="left")
    return chart, data


def _losses_finding() -> str:
    ru, ua = key("ru_losses_syrskyi_wapo"), key("ua_losses_by_ru")
    return (f"Syrskyi gave Russia's losses as {ru['text']} ({ru['as_of_text']}); Russia's "
            f"Defence Ministry claimed {ua['text']} Ukrainian losses ({ua['as_of_text']})")


@register("fig-losses-claimed",
          title=_losses_finding,
          measure=("Military losses in the Kursk operation, people: every figure each side published"
                   " for the other's losses (none verified)"),
          caption="Each side's figures for the other side's losses in the Kursk operation, as "
                  "published: every point is one claim. No figure is verified and none is "
                  "averaged; neither side published its own losses.",
          alt="Three panels of points from August 2024 to August 2025: Ukrainian claims of "
              "Russian losses rise to about 77,000-80,000, Ukrainian claims of Russian killed "
              "to about 25,000, and Russian claims of Ukrainian losses to about 76,500.",
          sources="Claims as cited in data/claims.csv.")
def losses_claimed():
    return _estimates({"russian_losses_kursk": "Russian losses claimed (killed, wounded, "
                                               "captured)",
                       "russian_killed_kursk": "Russian killed claimed",
                       "ukrainian_losses_kursk": "Ukrainian losses claimed"},
                      "Losses in the Kursk operation, by who claimed them", "People")


#: What a prisoner claim's ``scope`` says when it ties an exchange to Kursk, or puts a capture
#: outside it (data/claims.csv).
KURSK_EXCHANGE = "captured in Kursk oblast"
NOT_KURSK = "not in Kursk oblast"


def kursk_prisoner_claims() -> pd.DataFrame:
    """The prisoner claims of the Kursk operation: Russian soldiers Ukraine said it captured,
    Ukrainian soldiers said to be captured (not those whose scope puts them elsewhere), and
    only the exchanges whose scope ties them to Kursk captures; ``metric_label`` names the
    panel."""
    claims = claim_data.claims_with_sources(list(PRISONER_PANELS))
    scope = claims["scope"].fillna("")
    keep = ~scope.str.contains(NOT_KURSK, regex=False) & (
        claims["metric"].ne("pows_exchanged") | scope.str.contains(KURSK_EXCHANGE, regex=False))
    claims = claims[keep]
    return claims.assign(metric_label=claims["metric"].map(PRISONER_PANELS))


PRISONER_PANELS = {"russian_pows_taken": "Russian soldiers captured",
                   "ukrainian_pows_taken": "Ukrainian soldiers captured",
                   "pows_exchanged": "Returned to each side in an exchange of Kursk captives"}


def _prisoners_finding() -> str:
    taken = key("ru_pows")
    swaps = kursk_prisoner_claims().query("metric == 'pows_exchanged'")
    counts = swaps.drop_duplicates("date").sort_values("date")["value"]
    return (f"Ukraine said it had captured {taken['value']:,.0f} Russian soldiers in Kursk by "
            f"{taken['as_of_text']}; the exchanges of Kursk captives returned "
            + " and ".join(f"{v:,.0f}" for v in counts) + " to each side")


@register("fig-prisoners",
          title=_prisoners_finding,
          measure=("Prisoners, people: soldiers each side said were captured in the Kursk operation,"
                   " and those returned in the exchanges our sources tie to Kursk"),
          caption="Russian soldiers Ukraine said it had captured in the operation, Ukrainian "
                  "soldiers Russia or independent counts said were captured, and the people "
                  "returned to each side in the exchanges our sources tie to Kursk.",
          alt="Points from August 2024 to August 2025: Ukraine's count of Russian prisoners "
              "rises from under 600 to about 1,000; counts of Ukrainian prisoners in Russian "
              "hands are around 430 to 525; the two exchanges of Kursk captives, in August "
              "and September 2024, returned 115 and 103 people to each side.",
          sources="Claims as cited in data/claims.csv.")
def prisoners():
    claims = kursk_prisoner_claims()
    return charts.estimates_over_time(claims, title="Prisoners", y_title="People"), claims


def _civilian_toll_finding() -> str:
    dead, left = key("kursk_civilians_killed"), key("sumy_evacuated")
    return (f"Kursk oblast's prosecutor counted {dead['text']} civilians killed "
            f"({dead['as_of_text']}); in Sumy oblast, {left['text']} "
            f"({left['as_of_text']})")


@register("fig-civilian-toll",
          title=_civilian_toll_finding,
          measure=("Civilians, people: Kursk oblast's killed and missing, and Sumy oblast's "
                   "evacuated, each figure as its counter gave it"),
          caption="Kursk oblast's civilians killed and missing as Russian officials and "
                  "independent outlets counted them, and Sumy oblast's residents evacuated as "
                  "Ukrainian officials counted them. Officials' figures disagree with each "
                  "other, sometimes within days; each is shown as given.",
          alt="Three panels of points: Kursk civilians killed rise in Russian officials' "
              "counts from tens in 2024 to about 300-358 in May 2025, with an independent "
              "count of 30; missing range from under 300 to about 3,000; Sumy evacuations "
              "rise from about 20,000 in August 2024 to about 60,000 in August 2025.",
          sources="Claims as cited in data/claims.csv.")
def civilian_toll():
    return _estimates({"civilians_killed": "Kursk oblast: civilians killed",
                       "civilians_missing": "Kursk oblast: civilians missing",
                       "sumy_civilians_evacuated": "Sumy oblast: residents evacuated"},
                      "Civilians of the border oblasts, by who counted them", "People")


