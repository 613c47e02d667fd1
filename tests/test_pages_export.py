"""The reader pages through Django's test client, on the real database: taking the view away
(the CSV files, the chart as SVG and PNG, the embed page, the citation and the social cards)."""

import re

from .page_helpers import ACCORD, HOME

# --- Take the view away ---------------------------------------------------------------------------


def test_events_csv_holds_the_events_shown_with_a_name_that_says_so(client, seeded):
    response = client.get(f"{ACCORD}events.csv", {"as_of": "2020-12-01", "kind": "signed"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="abraham-accords-events-2020-12-01.csv"'
    )
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("id,accord,country_code")
    assert len(lines) == 1 + 4  # the UAE, Bahrain, Israel and the United States signed by then
    assert all(",signed," in line for line in lines[1:])


def test_states_csv_holds_the_states_shown_with_their_status_that_day(client, seeded):
    response = client.get(f"{ACCORD}states.csv", {"as_of": "2020-12-01"})

    assert (
        response["Content-Disposition"]
        == 'attachment; filename="abraham-accords-states-2020-12-01.csv"'
    )
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + 5
    sudan = next(line for line in lines if ",SD," in line)
    assert ",announced," in sudan


def test_the_toolbar_links_carry_the_view_and_name_the_files(client, seeded):
    html = client.get(HOME, {"as_of": "2020-12-01", "status": "signed"}).content.decode()

    assert 'href="/accords/abraham-accords/events.csv?as_of=2020-12-01&amp;status=signed"' in html
    assert 'download="abraham-accords-events-2020-12-01.csv"' in html
    assert 'href="/accords/abraham-accords/chart.png?as_of=2020-12-01&amp;status=signed"' in html


def test_chart_svg_and_png_are_the_view_as_images_and_cached(client, seeded):
    svg = client.get(f"{ACCORD}chart.svg", {"as_of": "2020-12-01"})
    png = client.get(f"{ACCORD}chart.png", {"as_of": "2020-12-01"})

    assert svg.status_code == 200
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert svg.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')
    assert b"Morocco" not in svg.content and b"Sudan" in svg.content
    assert b"as of 1 Dec 2020" in svg.content
    assert png["Content-Type"] == "image/png"
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(png.content) > 10_000  # a drawing, not an empty canvas
    width, height = int.from_bytes(png.content[16:20]), int.from_bytes(png.content[20:24])
    assert width == 1100 and height > 200
    assert "max-age" in png["Cache-Control"]


def test_the_embed_page_may_be_framed_and_every_other_page_may_not(client, seeded):
    embed = client.get(f"{ACCORD}embed/", {"as_of": "2020-12-01"})
    home = client.get(HOME)

    assert embed.status_code == 200
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed
    assert '<svg class="timeline-svg timeline-svg-wide"' in embed.content.decode()
    assert "site-header" not in embed.content.decode()  # chrome-less
    assert "frame-ancestors 'none'" in home["Content-Security-Policy"]
    assert home["X-Frame-Options"] == "DENY"
    assert f'src="http://testserver{ACCORD}embed/?as_of=' in home.content.decode().replace(
        "&quot;", '"'
    )


def test_the_citation_names_the_accord_the_day_the_retrieval_and_a_permanent_link(client, seeded):
    html = client.get(HOME, {"as_of": "2020-12-01"}).content.decode()

    citation = re.search(r'<p id="citation-text" class="citation">(.*?)</p>', html, re.S).group(1)
    parts = [
        "Abraham Accords as of 1 Dec 2020",
        "Treaty-membership timeline",
        "Data last changed",
        "Retrieved",
        "http://testserver/accords/abraham-accords/?as_of=2020-12-01",
    ]
    assert [part for part in parts if part not in citation] == []
    assert "@misc{abraham-accords-2020-12-01" in html
    assert "&quot;type&quot;: &quot;dataset&quot;" in html


def test_open_graph_and_twitter_cards_show_the_chart_png_of_the_view(client, seeded):
    html = client.get(HOME, {"as_of": "2020-12-01"}).content.decode()

    image = "http://testserver/accords/abraham-accords/chart.png?as_of=2020-12-01"
    assert f'<meta property="og:image" content="{image}">' in html
    # X (Twitter) reads the card's image, title and description from og: when it has no
    # twitter: ones, so the page says each once.
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="og:title" content="Abraham Accords — as of 1 Dec 2020">' in html
