"""The reader pages through Django's test client, on the real database: the chart's
server-drawn first view, its range buttons and the panel of a marker."""

import re
from datetime import date

from .factories import make_accord, make_event, make_membership
from .page_helpers import ACCORD, HOME, chart_rows, wide_svg

# --- The server-drawn first view ----------------------------------------------------------------


def test_the_first_view_is_an_inline_svg_with_every_state_and_a_marker_for_every_event(
    client, seeded
):
    response = client.get(HOME)
    svg = wide_svg(response)

    assert chart_rows(response) == ["AE", "BH", "IL", "US", "SD", "MA", "KZ"]
    ids = [int(i) for found in re.findall(r'data-events="([\d ]+)"', svg) for i in found.split()]
    assert len(ids) == len(set(ids)) == 39  # every event of the seed, once
    assert "<title>" in svg
    assert 'href="/accords/abraham-accords/KZ/#event-' in svg


def test_a_range_button_zooms_the_dense_years_and_all_comes_back(client, seeded):
    html = client.get(HOME).content.decode()
    assert re.search(r'class="range-button" href="\?range=2020-2021"[^>]*>2020–21<', html)

    zoomed = client.get(HOME, {"range": "2020-2021"})
    groups_all = wide_svg(client.get(HOME)).count("marker-group")
    groups_zoomed = wide_svg(zoomed).count("marker-group")
    assert zoomed.status_code == 200
    assert groups_zoomed < groups_all  # the crowded months spread out


# --- The marker's panel ---------------------------------------------------------------------------


def test_the_panel_of_a_marker_gives_date_what_place_notes_and_every_source_as_a_link(client, db):
    accord = make_accord(slug="abraham-accords")
    event = make_event(
        make_membership(accord, "KZ"),
        "announced",
        date(2025, 11, 6),
        sources=[
            {"publisher": "Reuters", "url": "https://example.org/kz"},
            {"publisher": "AP", "url": "https://example.org/ap"},
        ],
        place="Washington",
        notes='Said "soon".',
    )

    html = client.get(f"{ACCORD}panel/", {"ids": str(event.pk)}).content.decode()

    assert "6 Nov 2025" in html
    assert "announced" in html
    assert "Washington" in html
    assert "Said &quot;soon&quot;." in html
    assert '<a href="https://example.org/kz" rel="noopener">Reuters</a>' in html
    assert '<a href="https://example.org/ap" rel="noopener">AP</a>' in html
    assert client.get(f"{ACCORD}panel/", {"ids": "x"}).status_code == 400
    assert client.get(f"{ACCORD}panel/", {"ids": "999999"}).status_code == 404
