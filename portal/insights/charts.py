"""Chart geometry for the insights page: horizontal bars and the trend lines."""

from __future__ import annotations

from dataclasses import dataclass

from portal.core import dates
from portal.feedback.chart import Chart, line_chart

BAR_WIDTH = 640
LABEL_WIDTH = 200
BAR_HEIGHT = 28
GAP = 10


@dataclass
class Bars:
    """Everything feedback-style templates need to draw horizontal bars without computing."""

    width: int
    height: int
    bars: list[tuple[float, float, float, str, str]]  # y, width, text x, label, value

    @property
    def empty(self) -> bool:
        """True when every bar is zero."""
        return not any(width for _y, width, _x, _label, _value in self.bars)


def bar_chart(items: list[tuple[str, int]]) -> Bars:
    """Bars scaled to the largest value; labels on the left, values after each bar."""
    top = max((value for _label, value in items), default=0) or 1
    room = BAR_WIDTH - LABEL_WIDTH - 60
    bars = []
    for index, (label, value) in enumerate(items):
        y = index * (BAR_HEIGHT + GAP)
        width = round(room * value / top, 1)
        bars.append((y, width, LABEL_WIDTH + width + 6, label, str(value)))
    height = max(len(items) * (BAR_HEIGHT + GAP) - GAP, BAR_HEIGHT)
    return Bars(BAR_WIDTH, height, bars)


def trend_charts(trend: list[dict]) -> dict[str, Chart]:
    """Line charts of tickets opened and solved, CSAT, CES and NPS over the period."""
    labels = [dates.day_label(row["start"]) for row in trend]

    def series(key: str) -> list[tuple[str, float | None]]:
        return [(label, row[key]) for label, row in zip(labels, trend, strict=True)]

    most = max([row["opened"] for row in trend] + [row["solved"] for row in trend] + [1])
    return {
        "opened": line_chart(series("opened"), 0, most),
        "solved": line_chart(series("solved"), 0, most),
        "csat": line_chart(series("csat"), 0, 100),
        "ces": line_chart(series("ces"), 1, 7, 6),
        "nps": line_chart(series("nps"), -100, 100),
    }
