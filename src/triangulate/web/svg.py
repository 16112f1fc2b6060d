"""Server-drawn SVG: the map, the casualty-claims chart and the provenance graph. Every piece of text
that comes from a report is escaped here; the templates receive the SVG as markup."""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from triangulate.web.basemap import within

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]


def map_svg(points: list[dict[str, Any]], *, width: int = 420, height: int = 300, pad: float = 2.5) -> Markup:
    """Points (lat, lon, label, href) on country outlines; equirectangular, fitted to the points."""
    pts = [p for p in points if p.get("lat") is not None and p.get("lon") is not None]
    if not pts:
        return Markup('<p class="muted">No coordinates to map.</p>')
    lons, lats = [p["lon"] for p in pts], [p["lat"] for p in pts]
    # views snap to a 4-degree grid, so the drawn outlines of a region are drawn once and cached
    x0, x1 = 4 * math.floor((min(lons) - pad) / 4), 4 * math.ceil((max(lons) + pad) / 4)
    y0, y1 = 4 * math.floor((min(lats) - pad) / 4), 4 * math.ceil((max(lats) + pad) / 4)
    scale = min(width / (x1 - x0), height / (y1 - y0))
    parts = [f'<svg class="map" viewBox="0 0 {width} {height}" role="img" aria-label="map of the incident location">',
             f'<rect width="{width}" height="{height}" class="sea"/>', _land(x0, y0, x1, y1, scale)]
    for p in pts:
        x, y = (p["lon"] - x0) * scale, (y1 - p["lat"]) * scale
        dot = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" class="dot"><title>{escape(p.get("label") or "")}</title></circle>'
        if p.get("href"):
            dot = f'<a href="{escape(p["href"])}">{dot}</a>'
        parts.append(dot)
    parts.append("</svg>")
    return Markup("".join(parts))


@lru_cache(maxsize=256)
def _land(x0: int, y0: int, x1: int, y1: int, scale: float) -> str:
    """Country outlines in view as SVG paths, vertices closer than a pixel dropped."""
    parts = []
    for name, rings in within((x0, y0, x1, y1)):
        for ring in rings:
            kept: list[tuple[float, float]] = []
            for lon, lat in ring:
                x, y = (lon - x0) * scale, (y1 - lat) * scale
                if not kept or abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= 1.2:
                    kept.append((x, y))
            if len(kept) < 3:
                continue
            d = "M" + "L".join(f"{x:.0f},{y:.0f}" for x, y in kept) + "Z"
            parts.append(f'<path d="{d}" class="land"><title>{escape(name)}</title></path>')
    return "".join(parts)


def chart_svg(claims: list[dict[str, Any]], *, width: int = 640, height: int = 260) -> Markup:
    """Each figure as a bar from its low to its high (an arrow when open) at its publication date, one
    colour per independent line: updates climb over time, contradictions stand side by side."""
    pts = [c for c in claims if c.get("value") is not None]
    if not pts:
        return Markup('<p class="muted">No casualty figures.</p>')
    dates = [dt.date.fromisoformat(c["published"]) if c.get("published") else None for c in pts]
    known = [d for d in dates if d]
    d0 = min(known) if known else dt.date(2000, 1, 1)
    d1 = max(known) if known else d0
    span = max((d1 - d0).days, 1)
    top = max(max((c["high"] or c["value"]) for c in pts), max(c["value"] for c in pts)) * 1.25 or 1
    left, bottom = 50, height - 40
    lines = sorted({c["origin"] for c in pts})
    colour = {line: PALETTE[i % len(PALETTE)] for i, line in enumerate(lines)}

    def y(v: float) -> float:
        return bottom - (bottom - 10) * v / top

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="casualty figures per source over time">',
             f'<line x1="{left}" y1="{bottom}" x2="{width - 10}" y2="{bottom}" class="axis"/>',
             f'<line x1="{left}" y1="10" x2="{left}" y2="{bottom}" class="axis"/>',
             f'<text x="{left - 6}" y="{y(top / 1.25):.0f}" class="tick" text-anchor="end">{int(top / 1.25)}</text>',
             f'<text x="{left - 6}" y="{bottom}" class="tick" text-anchor="end">0</text>',
             f'<text x="{left}" y="{height - 22}" class="tick">{escape(str(d0)) if known else "undated"}</text>',
             f'<text x="{width - 10}" y="{height - 22}" class="tick" text-anchor="end">{escape(str(d1)) if known else ""}</text>']
    for i, (c, d) in enumerate(zip(pts, dates)):
        offset = (i % 5) * 9
        x = left + 20 + offset + (width - left - 60) * (((d - d0).days / span) if d and known else 0)
        low = c["low"] if c["low"] is not None else c["value"]
        high = c["high"] if c["high"] is not None else top
        col = colour[c["origin"]]
        label = escape(f"{c.get('kind', '')} {c['value']} ({c['qualifier']}) — {c.get('origin_label') or c['origin']}, "
                       f"{c.get('published') or 'undated'}")
        dash = ' stroke-dasharray="4 3"' if c["high"] is None else ""
        cy = y(c["value"])
        parts.append(f'<g><title>{label}</title>'
                     f'<line x1="{x:.1f}" y1="{y(low):.1f}" x2="{x:.1f}" y2="{y(high):.1f}" stroke="{col}" '
                     f'stroke-width="4"{dash}/>'
                     f'<circle cx="{x:.1f}" cy="{cy:.1f}" r="4" fill="{col}"/></g>')
    for i, line in enumerate(lines):
        parts.append(f'<text x="{left + 10 + 150 * (i % 4)}" y="{height - 6 - 12 * (i // 4)}" class="legend" '
                     f'fill="{colour[line]}">'
                     f'■ {escape(line)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def provenance_svg(chains: list[tuple[str, str, str]], *, width: int = 640) -> Markup:
    """Speaker → relayed by → published by, one row per distinct chain."""
    chains = sorted(set(chains))
    if not chains:
        return Markup('<p class="muted">No attribution chains.</p>')
    row = 26
    height = 30 + row * len(chains)
    cols = [10, width // 3 + 10, 2 * width // 3 + 10]
    parts = [f'<svg class="provenance" viewBox="0 0 {width} {height}" role="img" '
             'aria-label="provenance: speaker, relayed by, published by">',
             *(f'<text x="{x}" y="16" class="head">{h}</text>' for x, h in zip(cols, ("speaker", "relayed by", "published by")))]
    for i, chain in enumerate(chains):
        yy = 40 + i * row
        for j, (x, text) in enumerate(zip(cols, chain)):
            parts.append(f'<text x="{x}" y="{yy}" class="node">{escape(text[:40])}</text>')
            if j < 2:
                parts.append(f'<line x1="{x + width // 3 - 40}" y1="{yy - 4}" x2="{cols[j + 1] - 6}" y2="{yy - 4}" '
                             'class="edge"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
