"""What the tests of the reader pages share: their addresses and the parts of a page (the
server-drawn chart, its rows, the events table)."""

import re

HOME = "/"
ACCORD = "/accords/abraham-accords/"


def wide_svg(response):
    html = response.content.decode()
    start = html.index('<svg class="timeline-svg timeline-svg-wide"')
    return html[start : html.index("</svg>", start)]


def chart_rows(response):
    """The rows of the server-drawn chart, top to bottom."""
    return re.findall(r'<g class="row" data-row="(\w+)">', wide_svg(response))


def events_table(response):
    html = response.content.decode()
    return html[html.index('<table class="events">') : html.index('<table class="members">')]
