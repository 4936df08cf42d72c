"""The trend chart's geometry and its SVG on the report page."""

import xml.etree.ElementTree as ET
from datetime import timedelta

from portal.clock import utcnow
from portal.feedback.chart import HEIGHT, line_chart
from tests.factories import make_survey_answer

SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(chunk: str) -> ET.Element:
    return ET.fromstring("<svg" + chunk.split("</svg>")[0] + "</svg>")  # noqa: S314 (our own output)


def test_values_map_onto_the_plot_and_gaps_split_the_line():
    chart = line_chart([("a", 0), ("b", 100), ("c", None), ("d", 50)], 0, 100)
    ys = [point[1] for point in chart.points]
    assert ys[0] == chart.baseline  # 0 sits on the x axis
    assert ys[1] < ys[2] < ys[0]  # 100 at the top, 50 between
    assert len(chart.segments) == 2  # the week without answers breaks the line
    assert [point[2] for point in chart.points] == ["a", "b", "d"]


def test_a_single_week_and_an_empty_chart_do_not_break():
    single = line_chart([("only", 4)], 1, 7)
    assert len(single.points) == 1
    assert single.segments[0].startswith("M") and " L" not in single.segments[0]
    empty = line_chart([("a", None), ("b", None)], 0, 100)
    assert empty.empty and empty.segments == []
    assert all(0 <= y <= HEIGHT for y, _label in empty.y_ticks)


def test_report_draws_accessible_svg_charts_with_a_data_table(client, login):
    now = utcnow()
    make_survey_answer("csat", 5, when=now - timedelta(weeks=2))
    make_survey_answer("csat", 2, when=now)
    make_survey_answer("nps", 10, when=now)
    login("editor")
    page = client.get("/feedback/report").text
    # The charts; decorative icons (the logo mark) are hidden from screen readers.
    svgs = [
        chunk
        for chunk in page.split("<svg")[1:]
        if 'aria-hidden="true"' not in chunk.split(">", 1)[0]
    ]
    assert len(svgs) == 3
    for chunk in svgs:
        svg = parse_svg(chunk)
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert svg.find(f"{SVG}title").get("id") == title_id
        assert svg.find(f"{SVG}desc").get("id") == desc_id
    csat_svg = parse_svg(svgs[0])
    assert len(csat_svg.findall(f"{SVG}circle")) == 2  # two weeks with CSAT answers
    assert 'id="trend-table"' in page and "100.0%" in page and "0.0%" in page
