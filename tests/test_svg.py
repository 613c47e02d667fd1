"""The server-drawn SVG on plain data: no database, no request."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from timeline.charts import ChartRow, ChartSource
from timeline.svg import MARKER_GAP, build_svg

from .test_charts import MOROCCO, SUDAN, TODAY, UAE, ev

SVG = "{http://www.w3.org/2000/svg}"


def parse(text):
    return ET.fromstring(text)


def linked(row):
    return ChartRow(row.key, row.name, row.role, row.events, link=f"/accords/a/{row.key.lower()}/")


ROWS = [linked(UAE), linked(SUDAN), linked(MOROCCO)]


@pytest.mark.parametrize("layout", ["wide", "narrow"])
def test_every_row_and_every_event_is_drawn_once_with_a_link_and_a_title(layout):
    root = parse(build_svg(ROWS, today=TODAY, layout=layout, standalone=True))

    rows = [g.get("data-row") for g in root.iter(f"{SVG}g") if g.get("class") == "row"]
    assert rows == ["AE", "SD", "MA"]
    markers = [a for a in root.iter(f"{SVG}a") if "marker" in a.get("class", "")]
    ids = sorted(int(i) for a in markers for i in a.get("data-events").split())
    assert ids == sorted(e.id for row in ROWS for e in row.events)
    for marker in markers:
        assert marker.get("href").startswith("/accords/a/")
        assert marker.find(f"{SVG}title").text


@pytest.mark.parametrize("layout", ["wide", "narrow"])
def test_markers_of_a_row_are_at_least_a_marker_apart(layout):
    crowded = ChartRow(
        "KZ",
        "Kazakhstan",
        events=tuple(ev("statement", date(2025, 11, day)) for day in range(1, 20)),
        link="/k/",
    )
    text = build_svg([crowded, *ROWS], today=TODAY, layout=layout)

    by_row = {}
    for key, x in re.findall(r'data-row="(\w+)" data-x="([\d.]+)"', text):
        by_row.setdefault(key, []).append(float(x))
    assert set(by_row) == {"KZ", "AE", "SD", "MA"}
    for xs in by_row.values():
        xs.sort()
        assert all(b - a >= MARKER_GAP - 0.1 for a, b in zip(xs, xs[1:], strict=False)), xs


def test_a_group_marker_says_how_many_events_and_lists_them_in_its_title():
    crowded = ChartRow(
        "KZ",
        "Kazakhstan",
        events=(ev("announced", date(2025, 11, 6)), ev("statement", date(2025, 11, 7))),
        link="/k/",
    )
    root = parse(build_svg([crowded], today=TODAY, standalone=True))

    (group,) = [a for a in root.iter(f"{SVG}a") if "marker-group" in a.get("class")]
    title = group.find(f"{SVG}title").text
    assert "2 events" in title
    assert "6 Nov 2025: announced" in title
    assert "7 Nov 2025: statement" in title


def test_suspended_and_withdrawn_spans_are_hatched_and_imprecise_dates_hollow_with_a_bar():
    row = ChartRow(
        "XX",
        "Somewhere",
        events=(
            ev("signed", date(2020, 1, 1), date_precision="month"),
            ev("suspended", date(2022, 1, 1)),
            ev("withdrawn", date(2024, 1, 1)),
        ),
    )
    text = build_svg([row], today=TODAY)

    assert 'fill="url(#hatch-suspended)"' in text
    assert 'fill="url(#hatch-withdrawn)"' in text
    assert 'class="uncertain"' in text
    assert 'fill="#ffffff" stroke="#1a1a1a" stroke-width="1.6"' in text  # the hollow marker


def test_today_line_legends_and_as_of_line():
    text = build_svg(ROWS, today=TODAY, as_of=date(2021, 6, 1))

    assert "as of 1 Jun 2021" in text
    assert 'class="legend legend-status"' in text and "in force" in text
    assert 'class="legend legend-event"' in text


def test_markup_in_data_is_escaped():
    row = ChartRow(
        "XX",
        "<i>State</i>",
        events=(
            ev(
                "announced",
                date(2020, 1, 1),
                title="<script>x</script>",
                sources=(ChartSource("<b>P</b>"),),
            ),
        ),
        link="/x/",
    )
    text = build_svg([row], today=TODAY, standalone=True)

    assert "<script>" not in text and "<i>State" not in text and "<b>P" not in text
    parse(text)  # still well-formed
