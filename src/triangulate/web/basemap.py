"""Country outlines for an offline basemap: TopoJSON decoded to lon/lat rings, cut to a bounding box."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

Ring = list[tuple[float, float]]


RESOLUTIONS = ("50m", "110m")


@lru_cache(maxsize=2)
def _topology(resolution: str) -> dict[str, Any]:
    with resources.files("triangulate.web").joinpath(f"static/countries-{resolution}.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@lru_cache(maxsize=2)
def _arcs(resolution: str) -> list[Ring]:
    topo = _topology(resolution)
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        ring = []
        for dx, dy in arc:
            x += dx
            y += dy
            ring.append((x * sx + tx, y * sy + ty))
        arcs.append(ring)
    return arcs


def _ring(indexes: list[int], resolution: str) -> Ring:
    arcs = _arcs(resolution)
    out: Ring = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        out.extend(arc[1:] if out else arc)
    return out


@lru_cache(maxsize=2)
def countries(resolution: str = "50m") -> list[tuple[str, list[Ring], tuple[float, float, float, float]]]:
    """(name, rings, bbox) for every country."""
    out = []
    for geom in _topology(resolution)["objects"]["countries"]["geometries"]:
        polys = geom.get("arcs", [])
        if geom["type"] == "Polygon":
            polys = [polys]
        rings = [_ring(r, resolution) for poly in polys for r in poly[:1]]  # outer rings only
        pts = [p for r in rings for p in r]
        if not pts:
            continue
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        out.append((geom.get("properties", {}).get("name", ""), rings, (min(xs), min(ys), max(xs), max(ys))))
    return out


def within(bbox: tuple[float, float, float, float]) -> list[tuple[str, list[Ring]]]:
    """Countries touching the box; the 1:110m outlines for views wider than 8 degrees."""
    x0, y0, x1, y1 = bbox
    resolution = "110m" if x1 - x0 > 8 else "50m"
    return [(name, rings) for name, rings, (a, b, c, d) in countries(resolution)
            if a <= x1 and c >= x0 and b <= y1 and d >= y0]
