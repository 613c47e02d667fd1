"""The chart builder on plain data: no database, no request."""

import itertools
import json
from datetime import date, timedelta

from accords.status import EventKind
from timeline.charts import (
    FIGURE_MARKER_GAP,
    FIGURE_MARKER_WIDTHS,
    KIND_SYMBOLS,
    STATUS_COLOURS,
    ChartEvent,
    ChartRow,
    ChartSource,
    axis_range,
    build_figure,
    figure_data,
    group_markers,
    visible_rows,
)
from timeline.svg import _symbol_path

TODAY = date(2026, 11, 24)


_ids = itertools.count(1)


def ev(kind, on, **fields):
    fields.setdefault("id", next(_ids))
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


def marker_traces(figure, width=FIGURE_MARKER_WIDTHS[-1]):
    """The marker traces of the grouping for plot ``width`` (default: the widest)."""
    return [
        trace
        for trace in figure_data(figure)["data"]
        if trace.get("meta", {}).get("width") == width
    ]


def marked_ids(figure, width=FIGURE_MARKER_WIDTHS[-1]):
    """Every event id the markers of one grouping stand for, single or grouped."""
    return sorted(
        i for trace in marker_traces(figure, width) for ids in trace["customdata"] for i in ids
    )


def markers(figure):
    """``[(kind, row key, day, symbol, hover text)]`` from the single-event markers of the
    widest grouping (groups left out)."""
    found = []
    for trace in marker_traces(figure):
        if trace["meta"]["kind"] == "group":
            continue
        for key, day, symbol, text in zip(
            trace["y"], trace["x"], trace["marker"]["symbol"], trace["hovertext"], strict=True
        ):
            found.append((trace["meta"]["kind"], key, day, symbol, text))
    return found


def hover_text_of_one(event):
    """The hover text of ``event``, the only event of the only row of a figure."""
    row = ChartRow(key="XX", name="Somewhere", events=(event,))
    ((*_, text),) = markers(build_figure([row], today=TODAY))
    return text


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


def test_every_event_has_a_marker_milestones_included_at_every_width():
    figure = build_figure([UAE, SUDAN], today=TODAY)

    every_id = sorted(event.id for row in (UAE, SUDAN) for event in row.events)
    for width in FIGURE_MARKER_WIDTHS:
        assert marked_ids(figure, width) == every_id  # each event once, single or grouped


def test_each_kind_of_event_has_its_own_symbol():
    figure = build_figure([UAE, SUDAN], today=TODAY, zoom=(date(2021, 1, 1), date(2021, 12, 31)))

    symbols = {kind: symbol for kind, _key, _day, symbol, _text in markers(figure)}
    assert symbols["stalled"] == KIND_SYMBOLS["stalled"]
    assert symbols["embassy_opened"] == KIND_SYMBOLS["embassy_opened"]
    assert symbols["signed"] == KIND_SYMBOLS["signed"]


def test_only_the_widest_grouping_is_visible_until_the_browser_chooses():
    data = figure_data(build_figure([UAE], today=TODAY))["data"]

    widths = {t["meta"]["width"]: t["visible"] for t in data if "width" in t.get("meta", {})}
    assert widths == {w: w == FIGURE_MARKER_WIDTHS[-1] for w in FIGURE_MARKER_WIDTHS}


def test_events_too_close_to_draw_apart_are_one_group_marker_with_their_count():
    figure = build_figure([UAE], today=TODAY)  # Aug to Oct 2020 on a six-year axis

    (group,) = [
        t for t in marker_traces(figure, FIGURE_MARKER_WIDTHS[0]) if t["meta"]["kind"] == "group"
    ]
    assert "3" in group["text"] or "5" in group["text"]
    assert "events" in group["hovertext"][0]
    assert "Click or tap for the list" in group["hovertext"][0]


def _pixel_positions(groups, axis, width):
    span = (axis[1] - axis[0]).days
    return [(g.date - axis[0]).days / span * width for g in groups]


def test_grouped_markers_are_never_closer_than_the_gap_at_any_width():
    crowded = [ev("statement", date(2020, 1, 1) + timedelta(days=d)) for d in range(0, 400, 3)]
    axis = (date(2019, 12, 1), date(2021, 3, 1))

    for width in (200, 420, 860):
        groups = group_markers(crowded, axis, width, FIGURE_MARKER_GAP)
        xs = _pixel_positions(groups, axis, width)
        assert all(b - a >= FIGURE_MARKER_GAP - 1e-9 for a, b in zip(xs, xs[1:], strict=False))
        assert sum(len(g.events) for g in groups) == len(crowded)  # none lost


def test_stored_periods_are_drawn_instead_of_deriving_them():
    stored = ChartRow(
        key="AE",
        name="United Arab Emirates",
        events=UAE.events,
        periods=(
            ("signed", date(2020, 9, 15), date(2021, 1, 5)),
            ("in_force", date(2021, 1, 5), None),
        ),
    )

    found = spans(build_figure([stored], today=TODAY))

    assert set(found) == {("AE", "signed"), ("AE", "in_force")}  # no "announced", "ratified"
    assert found[("AE", "in_force")] == [("2021-01-05", (TODAY - date(2021, 1, 5)).days)]


def test_a_date_as_of_far_in_the_future_does_not_overflow_the_axis():
    first, last = axis_range([UAE], date(9999, 12, 31))

    assert last == date.max


def test_hover_text_shows_quotes_as_quotes_and_still_escapes_markup():
    text = hover_text_of_one(ev("statement", date(2020, 1, 1), title='"Peace" <b>now</b>'))

    assert '"Peace"' in text
    assert "&quot;" not in text
    assert "&lt;b&gt;now&lt;/b&gt;" in text


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
    text = hover_text_of_one(ev("signed", date(2019, 1, 1), date_precision="year"))

    assert "2019" in text
    assert "Jan 2019" not in text


def test_a_day_precise_date_has_a_filled_marker_and_no_uncertainty_bar():
    figure = build_figure([MOROCCO], today=TODAY, zoom=(date(2020, 12, 1), date(2020, 12, 31)))

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


def test_every_kind_of_event_has_its_own_marker_in_both_drawings():
    assert set(KIND_SYMBOLS) == set(EventKind)
    assert len(set(KIND_SYMBOLS.values())) == len(EventKind)
    paths = {kind: _symbol_path(kind, 0, 0) for kind in EventKind if kind != EventKind.ANNOUNCED}
    assert all(paths.values())  # only the announcement is a plain circle
    assert len(set(paths.values())) == len(paths)
