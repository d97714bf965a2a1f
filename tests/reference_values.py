"""The one table of reference values the tests hold the code to, each with where it comes from.

"Measured" values were computed once by a second, independent method and then frozen here:
DeepState's polygons for the day, dissolved per layer, clipped to our Kursk boundary and
measured as a geodesic area on the WGS84 ellipsoid (``pyproj.Geod.geometry_area_perimeter``),
not in the package's equal-area projection (``tests/test_control.py`` recomputes the peak
that way on every run). "Claimed" values are copied from the claim rows named in the reason
(data/claims.csv), so a changed row must change this table too. "Derived" values are the
arithmetic stated in the reason, on values of this table.
"""
from __future__ import annotations

from typing import NamedTuple


class Reference(NamedTuple):
    function: str      # the findings function that returns it
    key: str           # the glued name
    value: float
    tolerance: float   # absolute
    reason: str


PEAK = 898.7  # km2, DeepState held area on 6 September 2024 (measured, geodesic)
SUMY_LATEST = 213.8  # km2, DeepState occupied area in Sumy oblast, 22 Aug 2026 (geodesic)

REFERENCE = [
    Reference("planning_and_surprise", "peak_km2", PEAK, 0.05,
              "measured: DeepState held area on its largest day, 6 Sep 2024"),
    Reference("planning_and_surprise", "peak_share", 2.99, 0.01,
              "derived: 898.7 km2 / 30,092.3 km2 (our Kursk boundary, geodesic)"),
    Reference("planning_and_surprise", "largest_claim_km2", 1300, 0,
              "claimed: the largest area_held_by_ukraine value by a Ukrainian claimant "
              "(Zelensky's 'more than 1,300 km2', 6 Sep 2024)"),
    Reference("planning_and_surprise", "largest_claim_over_peak", 1300 - PEAK, 0.05,
              "derived: largest Ukrainian claim minus the measured peak"),
    Reference("planning_and_surprise", "pows_0827", 594, 0, "claimed: Syrskyi's 594 POWs, 27 Aug 2024"),
    Reference("russian_response", "held_20240910", PEAK, 0.05,
              "measured: the held area was unchanged from the 6 Sep peak to 10 Sep"),
    Reference("russian_response", "held_20240916", 807.8, 0.05, "measured: DeepState, 16 Sep 2024"),
    Reference("russian_response", "held_20241122", 561.8, 0.05, "measured: DeepState, 22 Nov 2024"),
    Reference("russian_response", "held_20241231", 484.7, 0.05, "measured: DeepState, 31 Dec 2024"),
    Reference("russian_response", "lost_2024_pct", 46.1, 0.05,
              "derived: 1 - 484.7 / 898.7 of the peak lost by the end of 2024"),
    Reference("north_korean_role", "nis_first_1018", 1500, 0, "claimed: NIS, 18 Oct 2024"),
    Reference("north_korean_role", "nis_total_0430", 15000, 0, "claimed: NIS, 30 Apr 2025"),
    Reference("north_korean_role", "gap_1223", 3000 / 1100, 1e-9,
              "derived: Zelensky's 3,000 over Seoul's 1,100 killed and wounded, 23 Dec 2024"),
    Reference("north_korean_role", "nis_kw_share_0430", 31.3, 0.05,
              "derived: NIS 4,700 casualties of 15,000 sent, 30 Apr 2025"),
    Reference("north_korean_role", "held_20250115", 427.0, 0.05, "measured: DeepState, 15 Jan 2025"),
    Reference("north_korean_role", "lost_1104_0115", 186.9, 0.05,
              "derived: measured 4 Nov 2024 minus measured 15 Jan 2025"),
    Reference("russian_counteroffensive", "held_20250305", 353.7, 0.05, "measured: DeepState, 5 Mar 2025"),
    Reference("russian_counteroffensive", "held_20250316", 112.9, 0.05, "measured: DeepState, 16 Mar 2025"),
    Reference("russian_counteroffensive", "rate_attrition", 545.0 / 176, 0.01,
              "derived: 545 km2 lost over the 176 days of the attrition phase in the series"),
    Reference("russian_counteroffensive", "rate_collapse", 23.32, 0.01,
              "derived: 233.2 km2 lost over the 10 days from 6 to 16 Mar 2025"),
    Reference("russian_counteroffensive", "gerasimov_0312_km2", 1100, 0, "claimed: Gerasimov, 12 Mar 2025"),
    Reference("russian_counteroffensive", "isw_20250312", 943.9, 0.05,
              "measured: ISW's cumulative Russian advances in Kursk, 12 Mar 2025 (table value)"),
    Reference("russian_counteroffensive", "gerasimov_0419_left_km2", 3, 0, "claimed: Gerasimov, 19 Apr 2025"),
    Reference("russian_counteroffensive", "held_20250419", 33.5, 0.05, "measured: DeepState, 19 Apr 2025"),
    Reference("diplomatic_stakes", "occupied_km2", 112000, 0, "claimed: Reuters' 112,000 km2, 12 Feb 2025"),
    Reference("diplomatic_stakes", "kursk_reported_km2", 450, 0, "claimed: Reuters' 450 km2, 12 Feb 2025"),
    Reference("diplomatic_stakes", "ratio_reported", 112000 / 450, 0.05, "derived: 112,000 / 450"),
    Reference("diplomatic_stakes", "held_20250228", 413.7, 0.05, "measured: DeepState, 28 Feb 2025"),
    Reference("diplomatic_stakes", "held_20250426", 20.2, 0.05,
              "measured: DeepState, 26 Apr 2025, the day of Russia's claim of full control"),
    Reference("overview", "peak_km2", PEAK, 0.05, "measured: as planning_and_surprise peak_km2"),
    Reference("overview", "held_at_claim", 20.2, 0.05, "measured: as diplomatic_stakes held_20250426"),
    Reference("overview", "grey_at_claim", 66.0, 0.05, "measured: DeepState grey zone, 26 Apr 2025"),
    Reference("overview", "largest_claim_km2", 1300, 0, "claimed: as planning_and_surprise largest_claim_km2"),
    Reference("methods", "kursk_km2", 30092.3, 1,
              "measured: our Kursk boundary (Natural Earth clipped to the 10m border), geodesic"),
    Reference("methods", "kursk_official_km2", 29997, 0,
              "claimed: the official area, source wikipedia-kursk-oblast (Wikipedia infobox)"),
]

REFERENCE += [
    Reference("russian_counteroffensive", "lost_0305_0316", 353.7 - 112.9, 0.05,
              "derived: measured 5 Mar 2025 minus measured 16 Mar 2025"),
    Reference("russian_counteroffensive", "lost_collapse", 233.2, 0.05,
              "derived: measured 6 Mar 2025 minus measured 16 Mar 2025 (the collapse phase)"),
    Reference("assessment", "gain_before", 1127.87 / 7, 0.01,
              "measured: ISW control plus advances, month-end differences January to July "
              "2024 (total 1,127.87 km2, recomputed from the JSON in tests/test_assessment.py)"),
    Reference("assessment", "gain_during", 3648.49 / 9, 0.01,
              "measured: as above, August 2024 to April 2025 (total 3,648.49 km2)"),
    Reference("assessment", "gain_after", 3658.66 / 8, 0.01,
              "measured: as above, May to December 2025 (total 3,658.66 km2)"),
    Reference("assessment", "ru_losses_by_ua", 80000, 0,
              "claimed: the largest russian_losses_kursk by a Ukrainian claimant (Syrskyi to "
              "the Washington Post, 23 Jul 2025)"),
    Reference("assessment", "ua_losses_by_ru", 76500, 0,
              "claimed: the largest ukrainian_losses_kursk by a Russian claimant (Defence "
              "Ministry, 26 Apr 2025; the same figure again on 7 Aug 2025, the earlier kept)"),
    Reference("assessment", "pows_0525", 971, 0, "claimed: Ukraine's General Staff, 25 May 2025"),
    Reference("assessment", "pows_0426", 983, 0, "claimed: Ukraine's General Staff, 26 Apr 2025"),
    Reference("assessment", "sumy_area", 210.46, 0,
              "claimed: DeepState's Russian-held area in Sumy oblast, 12 Sep 2025 (Liga)"),
    Reference("assessment", "aims_ua", 5, 0, "counted: Kyiv's aims in data/aims.csv"),
    Reference("assessment", "aims_ua_achieved", 2, 0, "counted: data/aims.csv"),
    Reference("assessment", "days_to_claim", 263, 0, "derived: 6 Aug 2024 to 26 Apr 2025"),
    Reference("north_korean_role", "zelensky_1017", 10000, 0, "claimed: Zelensky, 17 Oct 2024"),
    Reference("diplomatic_stakes", "ds_0427_km2", 29.02, 0, "claimed: DeepState, 27 Apr 2025"),
    # The aftermath: DeepState's occupied-area record (deepstate-map-data, to 22 Aug 2026),
    # intersected with our Natural Earth Sumy and Kharkiv oblasts and measured geodesically
    # (pyproj.Geod on WGS84), independently of the package's equal-area projection.
    Reference("aftermath", "sumy_latest_km2", SUMY_LATEST, 0.1,
              "measured: occupied area in Sumy oblast on 22 Aug 2026, geodesic 213.75 km2"),
    Reference("aftermath", "sumy_peak_km2", SUMY_LATEST, 0.1,
              "measured: the largest daily value (first reached 4 Aug 2026) equals the latest"),
    Reference("aftermath", "sumy_end_2025_km2", 171.4, 0.1,
              "measured: occupied area in Sumy oblast on 31 Dec 2025, geodesic 171.41 km2"),
    Reference("aftermath", "sumy_end_2024_km2", 0.0, 0.05,
              "measured: DeepState showed nothing occupied in Sumy oblast in 2024"),
    Reference("aftermath", "kharkiv_border_latest_km2", 404.0, 0.1,
              "measured: occupied in Kharkiv oblast north of 49.9 N on 22 Aug 2026, geodesic "
              "403.97 km2"),
    Reference("aftermath", "outside_border_latest_km2", 352.9, 0.1,
              "measured: DeepState's occupied area inside Natural Earth's Russian oblasts on "
              "22 Aug 2026, geodesic 352.90 km2"),
    Reference("aftermath", "kursk_peak_km2", PEAK, 0.05,
              "measured: DeepState held area on its largest day, 6 Sep 2024"),
]
