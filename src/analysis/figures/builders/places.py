"""Figures of the places appendix, in the order the page shows them (see
:mod:`analysis.figures.registry`). Each builder returns ``(chart, data)``."""
from __future__ import annotations

from ...data import boundaries as geo
from .. import maps
from ..registry import register
from .common import BOUNDARIES, GEONAMES

#: Places on the wider map: those the book names outside the border area (names as in
#: data/settlements.csv), with Kursk and Sumy for orientation.
WIDER_PLACES = ["Kyiv", "Moscow", "Kursk", "Sumy", "Belgorod", "Pokrovsk", "Kurakhove",
                "Kreminna", "Vovchansk"]


def _located():
    places = geo.settlements_frame()
    return places, places.drop(columns="geometry")[["settlement_id", "name", "kind", "oblast",
                                                     "lat", "lon", "coordinate_source_id"]]


def _places_wider_finding() -> str:
    far = geo.distance_km("Sudzha", "Pokrovsk")
    return (f"Sudzha, at the incursion's centre, lies {geo.distance_km('Sudzha', 'Kursk'):,.0f} "
            f"km from Kursk and {far:,.0f} km from Pokrovsk, on the Donbas front it aimed to draw Russian forces from")


@register("fig-places-wider",
          title=_places_wider_finding,
          measure=("Places the book names away from the border area, on Ukraine and western Russia; "
                   "the box marks the overview map"),
          caption="The places the book names away from the border area, on Ukraine and "
                  "western Russia: the capitals, Kursk and Belgorod, and the Donbas towns where, "
                  "chapter 6 asks, the incursion might have drawn Russian forces away. The box "
                  "marks the overview's map; Kursk oblast is outlined.",
          alt="Map of Ukraine and western Russia with Kyiv, Moscow, Kursk, Sumy, Belgorod and, "
              "in the east of Ukraine, Pokrovsk, Kurakhove and Kreminna marked.",
          sources=f"{BOUNDARIES}; {GEONAMES}.",
          approximate="borders simplified to about 3 km; Crimea is drawn within Ukraine's "
                      "internationally recognised border.")
def places_wider():
    places, data = _located()
    shown = places[places["name"].isin(WIDER_PLACES)]
    chart = maps.wider_map(geo.countries(), geo.oblasts(display=True), shown,
                           title="The border area in Ukraine and western Russia")
    return chart, data[data["name"].isin(WIDER_PLACES)]
