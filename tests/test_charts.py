"""The chart builder on plain data: no database, no request."""

import json
from datetime import date

from timeline.charts import (
    KIND_SYMBOLS,
    STATUS_COLOURS,
    ChartEvent,
    ChartRow,
    ChartSource,
    build_figure,
    figure_data,
    visible_rows,
)

TODAY = date(2026, 11, 24)


def ev(kind, on, **fields):
    return ChartEvent(kind=kind, date=on, **fields)


UAE = ChartRow(
    key="AE",
    name="United Arab Emirates",
    role="founding party",
    events=(
        ev("announced", date(2020, 8, 13), place="by telephone"),
        ev("signed", date(2020, 9, 15), sources=(ChartSource("Mondaq"),)),
        ev("ratified", date(2020, 10, 19)),
        ev("entered_into_force", date(2021, 1, 5)),
        ev("embassy_opened", date(2021, 1, 24), place="Abu Dhabi"),
    ),
)
SUDAN = ChartRow(
    key="SD",
    name="Sudan",
    role="party",
    events=(
        ev("announced", date(2020, 10, 23)),
        ev("signed", date(2021, 1, 6), place="Khartoum", sources=(ChartSource("AP"),)),
        ev("stalled", date(2021, 10, 25)),
    ),
)
MOROCCO = ChartRow(
    key="MA",
    name="Morocco",
    role="party",
    events=(
        ev("announced", date(2020, 12, 10)),
        ev("signed", date(2020, 12, 22)),
    ),
)


def spans(figure):
    """``{(row key, status): [(start, days)]}`` from the figure's bar traces."""
    found = {}
    for trace in figure_data(figure)["data"]:
        if trace["type"] != "bar":
            continue
        for key, base, width in zip(trace["y"], trace["base"], trace["x"], strict=True):
            found.setdefault((key, trace["meta"]["status"]), []).append((base, width // 86_400_000))
    return found


def markers(figure):
    """``[(kind, row key, day, symbol, hover text)]`` from the figure's marker traces."""
    found = []
    for trace in figure_data(figure)["data"]:
        if trace.get("mode") != "markers":
            continue
        for key, day, symbol, text in zip(
            trace["y"], trace["x"], trace["marker"]["symbol"], trace["hovertext"], strict=True
        ):
            found.append((trace["meta"]["kind"], key, day, symbol, text))
    return found


def test_each_status_period_is_one_span_from_its_event_to_the_next():
    figure = build_figure([UAE], today=TODAY)

    assert spans(figure) == {
        ("AE", "announced"): [("2020-08-13", 33)],
        ("AE", "signed"): [("2020-09-15", 34)],
        ("AE", "ratified"): [("2020-10-19", 78)],
        ("AE", "in_force"): [("2021-01-05", (TODAY - date(2021, 1, 5)).days)],
    }


def test_the_current_status_span_runs_to_today():
    figure = build_figure([SUDAN], today=TODAY)

    (start, days), *_ = spans(figure)[("SD", "signed")]
    assert date.fromisoformat(start).toordinal() + days == TODAY.toordinal()


def test_spans_are_coloured_by_status_with_the_colour_blind_safe_palette():
    data = figure_data(build_figure([UAE], today=TODAY))["data"]

    colours = {t["meta"]["status"]: t["marker"]["color"] for t in data if t["type"] == "bar"}
    assert colours == {status: STATUS_COLOURS[status] for status in colours}
    assert len(set(STATUS_COLOURS.values())) == len(STATUS_COLOURS)


def test_every_event_has_a_marker_milestones_included_with_a_symbol_by_kind():
    found = markers(build_figure([UAE, SUDAN], today=TODAY))

    kinds = sorted(kind for kind, *_ in found)
    assert kinds.count("embassy_opened") == 1
    assert kinds.count("stalled") == 1
    assert len(found) == 8
    symbols = {kind: symbol for kind, _key, _day, symbol, _text in found}
    assert symbols["stalled"] == KIND_SYMBOLS["stalled"]
    assert symbols["embassy_opened"] != symbols["announced"]


def test_milestones_do_not_open_a_span():
    figure = build_figure([SUDAN], today=TODAY)

    assert set(spans(figure)) == {("SD", "announced"), ("SD", "signed")}


def test_as_of_cuts_later_events_and_ends_the_spans_on_that_day():
    figure = build_figure([UAE, SUDAN, MOROCCO], today=TODAY, as_of=date(2020, 12, 1))

    assert {(kind, key) for kind, key, *_ in markers(figure)} == {
        ("announced", "AE"),
        ("signed", "AE"),
        ("ratified", "AE"),
        ("announced", "SD"),
    }
    assert spans(figure)[("AE", "ratified")] == [("2020-10-19", 43)]  # to 1 Dec 2020
    assert ("AE", "in_force") not in spans(figure)
    assert figure.layout.yaxis.tickvals == ("AE", "SD")  # Morocco had not announced yet


def test_as_of_an_event_day_includes_that_event():
    figure = build_figure([MOROCCO], today=TODAY, as_of=date(2020, 12, 22))

    assert ("MA", "signed") in spans(figure)


def test_rows_keep_the_order_given_first_at_the_top():
    figure = build_figure([SUDAN, UAE], today=TODAY)

    assert figure.layout.yaxis.categoryarray == ("SD", "AE")
    assert figure.layout.yaxis.range == (1.5, -0.5)  # reversed: the first row at the top


def test_rows_are_labelled_with_name_and_role():
    figure = build_figure([UAE], today=TODAY)

    (label,) = figure.layout.yaxis.ticktext
    assert "United Arab Emirates" in label
    assert "founding party" in label


def test_hover_text_gives_date_place_what_happened_and_publisher():
    found = markers(build_figure([SUDAN], today=TODAY))

    (text,) = [text for kind, *_, text in found if kind == "signed"]
    assert "Sudan" in text
    assert "signed" in text
    assert "6 Jan 2021" in text
    assert "Khartoum" in text
    assert "Source: AP" in text


def test_a_date_known_to_the_month_shows_the_month_only_with_an_open_marker():
    row = ChartRow(
        key="XX",
        name="Somewhere",
        events=(ev("announced", date(2020, 12, 1), date_precision="month"),),
    )
    figure = build_figure([row], today=TODAY)

    ((kind, _key, _day, symbol, text),) = markers(figure)
    assert "Dec 2020" in text
    assert "1 Dec 2020" not in text
    assert symbol == "circle-open"
    uncertainty = [t for t in figure_data(figure)["data"] if t.get("mode") == "lines"]
    assert uncertainty[0]["x"][:2] == ["2020-12-01", "2020-12-31"]


def test_a_date_known_to_the_year_shows_the_year_only():
    row = ChartRow(
        key="XX", name="Somewhere", events=(ev("signed", date(2019, 1, 1), date_precision="year"),)
    )

    ((*_, text),) = markers(build_figure([row], today=TODAY))
    assert "2019" in text
    assert "Jan 2019" not in text


def test_a_day_precise_date_has_a_filled_marker_and_no_uncertainty_bar():
    figure = build_figure([MOROCCO], today=TODAY)

    assert {symbol for *_, symbol, _text in markers(figure)} == {"circle", "diamond"}
    assert not [t for t in figure_data(figure)["data"] if t.get("mode") == "lines"]


def test_markup_in_data_is_escaped_in_hover_and_labels():
    row = ChartRow(
        key="XX",
        name="<i>State</i>",
        role="party",
        events=(
            ev(
                "announced",
                date(2020, 1, 1),
                title="<b>x</b><script>alert(1)</script>",
                place="<img src=x>",
                sources=(ChartSource("<a href='//evil'>P</a>"),),
            ),
        ),
    )
    dumped = json.dumps(figure_data(build_figure([row], today=TODAY)))

    assert "<script>" not in dumped
    assert "<b>x</b>" not in dumped
    assert "<img" not in dumped
    assert "<a href" not in dumped
    assert "<i>State</i>" not in dumped
    assert "&lt;b&gt;x&lt;/b&gt;&lt;script&gt;" in dumped
    assert "&lt;i&gt;State&lt;/i&gt;" in dumped


def test_kinds_filter_keeps_only_those_markers_but_all_spans():
    figure = build_figure([UAE], today=TODAY, kinds=["embassy_opened"])

    assert [kind for kind, *_ in markers(figure)] == ["embassy_opened"]
    assert ("AE", "in_force") in spans(figure)


def test_statuses_filter_keeps_only_rows_in_those_statuses_on_the_day():
    assert [r.key for r in visible_rows([UAE, SUDAN], TODAY, ["signed"])] == ["SD"]
    figure = build_figure([UAE, SUDAN], today=TODAY, statuses=["in_force"])

    assert figure.layout.yaxis.tickvals == ("AE",)


def test_a_line_marks_today_and_another_the_chosen_day():
    today_only = build_figure([UAE], today=TODAY)
    as_of = build_figure([UAE], today=TODAY, as_of=date(2021, 6, 1))

    assert [s.x0 for s in today_only.layout.shapes] == ["2026-11-24"]
    assert [s.x0 for s in as_of.layout.shapes] == ["2021-06-01"]
    assert "today" in today_only.layout.annotations[0].text


def test_a_legend_names_each_status_shown():
    data = figure_data(build_figure([SUDAN], today=TODAY))["data"]

    assert {t["name"] for t in data if t["type"] == "bar"} == {"announced", "signed"}
    assert all(t.get("showlegend", True) for t in data if t["type"] == "bar")


def test_no_row_on_the_day_gives_an_empty_chart_that_says_so():
    figure = build_figure([MOROCCO], today=TODAY, as_of=date(2019, 1, 1))

    assert figure.layout.yaxis.tickvals == ()
    assert "No state" in figure.layout.annotations[-1].text


def test_the_figure_is_plain_json():
    data = figure_data(build_figure([UAE, SUDAN], today=TODAY))

    assert json.loads(json.dumps(data)) == data


def test_a_month_precise_signing_follows_the_domain_rule_and_never_precedes_its_announcement():
    row = ChartRow(
        key="MA",
        name="Morocco",
        events=(
            ev("announced", date(2020, 12, 10)),
            ev("signed", date(2020, 12, 1), date_precision="month"),
        ),
    )
    assert row.status_on(date(2020, 12, 5)) is None
    assert row.status_on(date(2020, 12, 10)) == "signed"
