"""Geometry of the report's trend charts, drawn as inline SVG by feedback/_chart.html."""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 640
HEIGHT = 220
LEFT = 48
RIGHT = 16
TOP = 16
BOTTOM = 40


@dataclass
class Chart:
    """Everything the template needs to draw one line chart without computing."""

    width: int
    height: int
    points: list[tuple[float, float, str, str]]  # x, y, label, value text
    segments: list[str]  # SVG path data, one per run of weeks with answers
    y_ticks: list[tuple[float, str]]
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    baseline: float = 0.0

    @property
    def empty(self) -> bool:
        return not self.points


def _fmt(value: float) -> str:
    return f"{value:g}"


def line_chart(
    series: list[tuple[str, float | None]], y_min: float, y_max: float, ticks: int = 4
) -> Chart:
    """Place (label, value) pairs on a chart; None values leave a gap in the line."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    span = (y_max - y_min) or 1
    step = plot_w / max(len(series) - 1, 1)

    def y_of(value: float) -> float:
        return round(TOP + plot_h - (value - y_min) / span * plot_h, 1)

    points, segments, run = [], [], []
    x_labels = []
    for index, (label, value) in enumerate(series):
        x = round(LEFT + (step * index if len(series) > 1 else plot_w / 2), 1)
        x_labels.append((x, label))
        if value is None:
            if run:
                segments.append(run)
            run = []
            continue
        y = y_of(value)
        points.append((x, y, label, _fmt(value)))
        run.append((x, y))
    if run:
        segments.append(run)
    paths = ["M" + " L".join(f"{x:g},{y:g}" for x, y in segment) for segment in segments if segment]
    y_ticks = [
        (y_of(y_min + span * i / ticks), _fmt(round(y_min + span * i / ticks, 2)))
        for i in range(ticks + 1)
    ]
    # Thin the x labels so they do not overlap: at most about eight.
    every = max(1, -(-len(x_labels) // 8))
    x_labels = [item for i, item in enumerate(x_labels) if i % every == 0]
    return Chart(WIDTH, HEIGHT, points, paths, y_ticks, x_labels, baseline=TOP + plot_h)
