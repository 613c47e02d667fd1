"""A chart of many rows (NATO: 32 states over 75 years) is drawn in enlargement waves, in the
server-drawn SVG and in the Plotly figure alike; a chart of a few rows (the Abraham Accords)
is drawn as a plain list, as before."""

import re
from datetime import date

import pytest

from timeline.charts import WAVE_ROWS_OVER, ChartRow, row_waves
from timeline.svg import NARROW, build_svg

from .conftest import load_seed
from .test_charts import TODAY, ev

NATO_WAVES = [1949, 1952, 1955, 1982, 1999, 2004, 2009, 2017, 2020, 2023, 2024]
NATO_WAVE_SIZES = [12, 2, 1, 1, 3, 7, 2, 1, 1, 1, 1]


@pytest.fixture
def nato(db):
    load_seed("nato")


def drawing(html, layout):
    """The ``layout`` SVG of a page, as the sequence of wave headings and rows it draws."""
    svg = re.search(rf'<svg class="timeline-svg timeline-svg-{layout}".*?</svg>', html, re.S)
    return re.findall(r'<g class="(wave-heading|row)" data-(?:wave|row)="([^"]+)"', svg.group(0))


def waves_of(sequence):
    """``{wave key: [row keys]}`` from a drawing's sequence, in order."""
    waves = {}
    for what, key in sequence:
        if what == "wave-heading":
            current = waves.setdefault(key, [])
        else:
            current.append(key)
    return waves


@pytest.mark.parametrize("layout", ["wide", "narrow"])
def test_the_nato_chart_is_drawn_in_its_enlargement_waves(client, nato, layout):
    html = client.get("/accords/nato/").content.decode()

    waves = waves_of(drawing(html, layout))

    assert list(waves) == [f"wave-{year}" for year in NATO_WAVES]
    assert [len(rows) for rows in waves.values()] == NATO_WAVE_SIZES
    assert waves["wave-1952"] == ["GR", "TR"]
    assert waves["wave-2023"] == ["FI"] and waves["wave-2024"] == ["SE"]
    assert sum(len(rows) for rows in waves.values()) == 32


def test_each_wave_heading_says_the_year_how_many_and_their_shared_role(client, nato):
    html = client.get("/accords/nato/").content.decode()

    assert "In force from 1949<" in html
    assert "12 states (founding party)" in html
    assert "7 states (party)" in html  # 2004
    # The role is said once in the heading, not under every row.
    wide = re.search(r'<svg class="timeline-svg timeline-svg-wide".*?</svg>', html, re.S)
    assert wide.group(0).count("founding party") == 1


def test_the_plotly_figure_has_the_same_waves_and_rows_as_the_svg(client, nato):
    html = client.get("/accords/nato/").content.decode()
    figure = client.get("/accords/nato/figure.json").json()

    layout = figure["layout"]
    keys = [key for _what, key in drawing(html, "wide")]
    assert layout["yaxis"]["tickvals"] == keys
    assert len(layout["meta"]["narrowTicktext"]) == len(keys)
    heading = layout["yaxis"]["ticktext"][0]
    assert "In force from 1949" in heading and "12 states (founding party)" in heading
    bands = [s for s in layout["shapes"] if s.get("type") == "rect"]
    assert len(bands) == 6  # every other one of the 11 waves


def test_as_of_1_january_2000_the_chart_shows_the_19_members_in_five_waves(client, nato):
    html = client.get("/accords/nato/", {"as_of": "2000-01-01"}).content.decode()

    waves = waves_of(drawing(html, "wide"))

    assert list(waves) == ["wave-1949", "wave-1952", "wave-1955", "wave-1982", "wave-1999"]
    assert sum(len(rows) for rows in waves.values()) == 19


def test_a_chart_of_few_rows_is_drawn_as_before(client, db):
    load_seed("abraham-accords")
    html = client.get("/").content.decode()
    figure = client.get("/accords/abraham-accords/figure.json").json()

    assert "wave-heading" not in html and "wave-band" not in html
    assert [what for what, _key in drawing(html, "wide")] == ["row"] * 7
    assert "founding party" in html  # each row keeps its role
    assert not any(str(key).startswith("wave-") for key in figure["layout"]["yaxis"]["tickvals"])


def test_on_a_phone_the_nato_drawing_is_much_shorter_than_a_label_above_every_bar(client, nato):
    html = client.get("/accords/nato/").content.decode()

    narrow = re.search(r'<svg class="timeline-svg timeline-svg-narrow"[^>]*>', html).group(0)
    height = int(re.search(r'height="(\d+)"', narrow).group(1))

    assert height < 32 * NARROW.row_height * 0.8


def row(key, in_force_year=None, role="party", announced_year=2000):
    events = [ev("announced", date(announced_year, 1, 1))]
    if in_force_year:
        events.append(ev("entered_into_force", date(in_force_year, 6, 1)))
    return ChartRow(key=key, name=f"State {key}", role=role, events=tuple(events))


def test_waves_come_from_the_data_years_not_from_a_list():
    rows = (
        [row(f"A{i}", 2001, role="founding party") for i in range(5)]
        + [row(f"B{i}", 2005) for i in range(7)]
        + [row("C0", None), row("D0", 2003)]
    )

    waves = row_waves(rows, TODAY)

    assert [wave.year for wave in waves] == [2001, 2003, 2005, None]
    assert [len(wave.rows) for wave in waves] == [5, 1, 7, 1]
    assert waves[0].role == "founding party" and waves[-1].title == "Not in force"
    svg = build_svg(rows, today=TODAY, layout="narrow")
    assert svg.count('class="wave-heading"') == 4 and svg.count('class="row"') == 14


def test_a_wave_of_mixed_roles_keeps_each_rows_role():
    rows = [row(f"A{i}", 2001, role="party" if i else "witness") for i in range(WAVE_ROWS_OVER + 1)]

    (wave,) = row_waves(rows, TODAY)

    assert wave.role == ""
    svg = build_svg(rows, today=TODAY)
    assert "witness" in svg


def test_twelve_rows_or_fewer_are_not_grouped():
    rows = [row(f"A{i}", 2001 + i) for i in range(WAVE_ROWS_OVER)]

    assert row_waves(rows, TODAY) is None
    assert "wave-heading" not in build_svg(rows, today=TODAY)
