"""Where things land on a map, in pixels, and labels placed so that none collides.

A :class:`MapFrame` fixes the projection of a map (vega-lite's ``azimuthalEqualArea`` rotated to
Kursk oblast, with an explicit ``scale`` and ``translate`` instead of vega's fit-to-data), so
Python knows the pixel position of any longitude/latitude before the browser draws it. That lets
:func:`place_labels` put each place name beside its marker where it overlaps no other label, no
marker and no edge of the map; a name that fits nowhere is left off (the marker keeps its
tooltip) and reported in the ``placed`` column.

Coordinates in: lon/lat degrees (EPSG:4326). Pixels: x to the right, y downwards, from the top
left corner of the map's plot area, as in the drawn SVG.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd
from pyproj import Transformer

#: The projection's centre (lon, lat degrees): the same as vega-lite's ``rotate`` below.
CENTRE = (35.5, 51.5)


@lru_cache(maxsize=8)
def _unit_laea(lon: float, lat: float) -> Transformer:
    """d3's azimuthal equal-area projection on the unit sphere, centred on (lon, lat) (d3,
    like vega, takes lon/lat degrees as spherical coordinates, and so does this)."""
    return Transformer.from_crs("+proj=longlat +R=1 +no_defs",
                                f"+proj=laea +lat_0={lat} +lon_0={lon} +R=1 +units=m +no_defs",
                                always_xy=True)
#: Mean Earth radius used to turn unit-sphere distances into km (scale bars), km.
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class MapFrame:
    """A map showing the lon/lat ``box`` (west, south, east, north degrees) ``width`` pixels
    wide, projected about ``centre`` (lon, lat degrees); its height follows from the
    projection. (Vega-lite merges the projections of concatenated maps that share a centre,
    so a map drawn beside another needs its own centre.)"""
    box: tuple[float, float, float, float]
    width: int
    centre: tuple[float, float] = CENTRE

    @property
    def _laea(self) -> Transformer:
        return _unit_laea(*self.centre)

    @cached_property
    def _bounds(self) -> tuple[float, float, float, float]:
        west, south, east, north = self.box
        edge = np.linspace(0, 1, 41)
        lons = np.concatenate([west + (east - west) * edge, np.full(41, east),
                               west + (east - west) * edge, np.full(41, west)])
        lats = np.concatenate([np.full(41, south), south + (north - south) * edge,
                               np.full(41, north), south + (north - south) * edge])
        x, y = self._laea.transform(lons, lats)
        return float(x.min()), float(y.min()), float(x.max()), float(y.max())

    @property
    def scale(self) -> float:
        """Pixels per unit of the unit sphere (vega's projection ``scale``)."""
        xmin, _, xmax, _ = self._bounds
        return self.width / (xmax - xmin)

    @property
    def height(self) -> int:
        """The map's height in pixels."""
        _, ymin, _, ymax = self._bounds
        return int(round(self.scale * (ymax - ymin)))

    @property
    def translate(self) -> tuple[float, float]:
        """Pixel position of the projection's centre (vega's ``translate``)."""
        xmin, _, _, ymax = self._bounds
        return -self.scale * xmin, self.scale * ymax

    def projection(self) -> dict:
        """The vega-lite projection (``chart.project(**frame.projection())``)."""
        tx, ty = self.translate
        return {"type": "azimuthalEqualArea", "rotate": [-self.centre[0], -self.centre[1], 0],
                "scale": round(self.scale, 4), "translate": [round(tx, 3), round(ty, 3)]}

    def to_px(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """Pixel positions (x right, y down) of lon/lat degrees."""
        x, y = self._laea.transform(np.asarray(lon, float), np.asarray(lat, float))
        tx, ty = self.translate
        return tx + self.scale * np.asarray(x), ty - self.scale * np.asarray(y)

    def to_lonlat(self, px, py) -> tuple[np.ndarray, np.ndarray]:
        """Lon/lat degrees of pixel positions (the inverse of :meth:`to_px`)."""
        tx, ty = self.translate
        x = (np.asarray(px, float) - tx) / self.scale
        y = (ty - np.asarray(py, float)) / self.scale
        lon, lat = self._laea.transform(x, y, direction="INVERSE")
        return np.asarray(lon), np.asarray(lat)

    def km_per_px(self) -> float:
        """Ground distance of one pixel at the projection's centre, km (an equal-area
        azimuthal projection is true to scale there, and within 0.1 % over a frame of
        the locator map's size near its centre)."""
        return EARTH_RADIUS_KM / self.scale


#: Approximate advance widths of characters in em, on the wide side of common sans fonts
#: (DejaVu Sans, the fallback on Linux, is among the widest), so estimates err large.
_NARROW = set("iljtfr.,;:'’!|()- ")
_WIDE = set("mwMW")


def text_width(text: str, font_size: float) -> float:
    """Estimated width of ``text`` in pixels at ``font_size`` px (errs on the wide side)."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.36
        elif char in _WIDE:
            em += 0.92
        elif char.isupper():
            em += 0.74
        elif char.isdigit():
            em += 0.64
        else:
            em += 0.6
    return em * font_size + 2


#: Candidate positions around a marker: (dx, dy) direction and the text's alignment.
_CANDIDATES = [(1, 0, "left"), (-1, 0, "right"), (0, -1, "center"), (0, 1, "center"),
               (0.75, -0.75, "left"), (0.75, 0.75, "left"), (-0.75, -0.75, "right"),
               (-0.75, 0.75, "right")]


def _box(x: float, y: float, width: float, height: float, align: str) -> tuple:
    left = x if align == "left" else x - width if align == "right" else x - width / 2
    return left, y - height / 2, left + width, y + height / 2


def _gap(box: tuple, x: float, y: float) -> float:
    """Distance in pixels from the point (x, y) to the nearest point of ``box``."""
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return float(np.hypot(dx, dy))


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(places: pd.DataFrame, frame: MapFrame, *, font_size: float = 10,
                 marker_radius: float = 4, obstacles: list[tuple] | None = None,
                 margin: float = 3, others: pd.DataFrame | None = None) -> pd.DataFrame:
    """Labels for ``places`` (``name``, ``lon``, ``lat`` degrees, optional ``label``: the text,
    default the name), tried in row order (put the most important first): each goes to the
    first of eight positions around its marker where its estimated box overlaps no placed label,
    no marker, no box in ``obstacles`` (pixel boxes: left, top, right, bottom) and stays
    ``margin`` px inside the map, and where no other marker is as near the name as its own;
    then the same positions farther out. ``others`` (``lon``, ``lat``): markers of the map that
    get no label here but must be kept clear and not confused. Returns ``places`` with
    ``label``, ``label_lon``/``label_lat`` (the text's anchor, degrees), ``align``, ``box``
    (its pixel box, for a later call's ``obstacles``) and ``placed`` (False where no position
    was free; the anchor columns are then empty)."""
    out = places.copy()
    if "label" not in out:
        out["label"] = out["name"]
    xs, ys = frame.to_px(out["lon"].to_numpy(), out["lat"].to_numpy())
    markers = [(x - marker_radius, y - marker_radius, x + marker_radius, y + marker_radius)
               for x, y in zip(xs, ys)]
    if others is not None and not others.empty:
        extra = others[~others.set_index(["lon", "lat"]).index.isin(
            out.set_index(["lon", "lat"]).index)]
        ox, oy = frame.to_px(extra["lon"].to_numpy(), extra["lat"].to_numpy())
        all_x, all_y = list(xs) + list(ox), list(ys) + list(oy)
        markers += [(x - marker_radius, y - marker_radius, x + marker_radius, y + marker_radius)
                    for x, y in zip(ox, oy)]
    else:
        all_x, all_y = list(xs), list(ys)
    taken = list(obstacles or [])
    height = font_size * 1.3
    anchors: list[tuple] = []
    for index, (x, y, text) in enumerate(zip(xs, ys, out["label"])):
        width = text_width(str(text), font_size)
        found = None
        for distance in (marker_radius + 3, marker_radius + 9, marker_radius + 16):
            for dx, dy, align in _CANDIDATES:
                ax = x + dx * distance
                ay = y + dy * (distance + (height / 2 if dx == 0 else 0))
                box = _box(ax, ay, width, height, align)
                inside = (box[0] >= margin and box[1] >= margin
                          and box[2] <= frame.width - margin and box[3] <= frame.height - margin)
                own = _gap(box, x, y)
                # unambiguous: no other marker is nearer the name than its own
                clear = all(_gap(box, mx, my) >= own
                            for j, (mx, my) in enumerate(zip(all_x, all_y)) if j != index)
                if inside and clear and not any(_overlaps(box, other) for other in taken) \
                        and not any(_overlaps(box, m) for j, m in enumerate(markers)
                                    if j != index):
                    found = (ax, ay, align, box)
                    break
            if found:
                break
        if found:
            taken.append(found[3])
            lon, lat = frame.to_lonlat(found[0], found[1])
            anchors.append((float(lon), float(lat), found[2], True, found[3]))
        else:
            anchors.append((None, None, None, False, None))
    out["label_lon"] = [a[0] for a in anchors]
    out["label_lat"] = [a[1] for a in anchors]
    out["align"] = [a[2] for a in anchors]
    out["placed"] = [a[3] for a in anchors]
    out["box"] = [a[4] for a in anchors]
    return out


def scale_bar_km(frame: MapFrame, target_px: float = 90) -> float:
    """A round length in km (1, 2, 5 times a power of ten) whose bar is at most
    ``target_px`` pixels long on ``frame``."""
    most = target_px * frame.km_per_px()
    power = 10 ** np.floor(np.log10(most))
    return float(max(step * power for step in (1, 2, 5) if step * power <= most))
