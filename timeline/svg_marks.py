"""The markers of the server-drawn SVG: one shape per kind of event, the same shapes as the
Plotly figure's symbols (``timeline.charts.KIND_SYMBOLS``), hollow when the exact day is not
known."""

import functools
import math

from accords.status import EventKind

from .charts import INK

#: Marker size in viewBox units.
MARKER_SIZE = 12
GROUP_RADIUS = 8
KINDS = frozenset(EventKind)


@functools.cache
def _shape(kind: str, size: float) -> tuple[float, float, str] | None:
    """``kind``'s marker outline as the offset of its first point from the centre and the
    rest as relative path segments, computed once per kind: a drawing then only places it."""
    r = size / 2
    shapes = {
        EventKind.SIGNED: [(0, -r * 1.2), (r * 1.2, 0), (0, r * 1.2), (-r * 1.2, 0)],
        EventKind.RATIFIED: [(-r, -r), (r, -r), (r, r), (-r, r)],
        EventKind.ENTERED_INTO_FORCE: _star(r * 1.25, r * 0.55, 5),
        EventKind.RELATIONS_ESTABLISHED: _star(r * 1.15, r * 0.65, 6),
        EventKind.EMBASSY_OPENED: [(0, -r * 1.1), (r * 1.1, r * 0.9), (-r * 1.1, r * 0.9)],
        EventKind.STATEMENT: _cross(r, r * 0.4),
        EventKind.STALLED: _rotate(_cross(r * 1.1, r * 0.38), 45),
        EventKind.STRAINED: [(-r, -r), (r, r), (r, -r), (-r, r)],
        EventKind.DOMESTIC_STEP: _star(r * 1.1, r * 1.1, 3),  # a hexagon
        EventKind.MISSION_OPENED: [(-r * 1.1, 0), (r * 0.9, -r * 1.1), (r * 0.9, r * 1.1)],
        EventKind.ENVOY_ARRIVED: _star(r * 1.15, r, 5)[::2],  # a pentagon: the star's tips
        EventKind.VISIT: [(-r, -r), (r, -r), (-r, r), (r, r)],
        EventKind.SUSPENDED: [(0, r * 1.1), (r * 1.1, -r * 0.9), (-r * 1.1, -r * 0.9)],
        EventKind.RESUMED: [(r * 1.1, 0), (-r * 0.9, r * 1.1), (-r * 0.9, -r * 1.1)],
        EventKind.WITHDRAWN: [(-r, -r), (r, -r), (r, r), (-r, r)],
    }
    points = shapes.get(kind)
    if points is None:
        return None
    steps = "".join(
        f"l{bx - ax:.1f},{by - ay:.1f}"
        for (ax, ay), (bx, by) in zip(points, points[1:], strict=False)
    )
    if kind == EventKind.WITHDRAWN:  # a square with an x, as the figure's "square-x"
        steps += f"zl{2 * r:.1f},{2 * r:.1f}m0,{-2 * r:.1f}l{-2 * r:.1f},{2 * r:.1f}"
        return points[0][0], points[0][1], steps
    return points[0][0], points[0][1], steps + "z"


def symbol_path(kind: str, x: float, y: float, size: float = MARKER_SIZE) -> str:
    """An SVG path for ``kind``'s marker centred on (x, y): the same shapes as the figure's
    (empty for the circle, drawn as ``<circle>``)."""
    shape = _shape(kind, size)
    if shape is None:
        return ""
    dx, dy, steps = shape
    return f"M{x + dx:.1f},{y + dy:.1f}{steps}"


def _star(outer, inner, tips):
    points = []
    for i in range(tips * 2):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi * i / tips - math.pi / 2
        points.append((radius * math.cos(angle), radius * math.sin(angle)))
    return points


def _cross(r, w):
    return [
        (-w, -r), (w, -r), (w, -w), (r, -w), (r, w), (w, w),
        (w, r), (-w, r), (-w, w), (-r, w), (-r, -w), (-w, -w),
    ]  # fmt: skip


def _rotate(points, degrees):
    a = math.radians(degrees)
    return [
        (x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a)) for x, y in points
    ]


def marker_shape(kind: str, x: float, y: float, hollow: bool) -> str:
    fill, stroke = ("#ffffff", INK) if hollow else (INK, "#ffffff")
    width = 1.6 if hollow else 1.2
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"'
    if kind == EventKind.ANNOUNCED or kind not in KINDS:
        return f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="{MARKER_SIZE / 2}" {paint}/>'
    extra = ""
    if kind == EventKind.WITHDRAWN:  # a square with an x, as Plotly's square-x
        r = MARKER_SIZE / 2
        extra = (
            f'<path d="M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}'
            f'M{x + r:.1f},{y - r:.1f}L{x - r:.1f},{y + r:.1f}" stroke="{stroke}" '
            f'stroke-width="1.2" fill="none"/>'
        )
    return f'<path class="mark" d="{symbol_path(kind, x, y)}" {paint}/>{extra}'
