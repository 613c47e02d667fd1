"""The look both drawings share: the colours of the statuses, the ink, the marker of each kind
of event, and dates formatted as a drawing shows them."""

from datetime import date

from django.utils.dates import MONTHS_3
from django.utils.translation import pgettext

from accords.dates import DatePrecision, format_date
from accords.status import EventKind, Status

#: Okabe–Ito colours, told apart by readers with any common colour-vision deficiency. The two
#: statuses that mean trouble also carry a pattern, so they never rest on colour alone.
STATUS_COLOURS = {
    Status.ANNOUNCED: "#E69F00",  # orange
    Status.SIGNED: "#56B4E9",  # sky blue
    Status.RATIFIED: "#009E73",  # bluish green
    Status.IN_FORCE: "#0072B2",  # blue
    Status.SUSPENDED: "#CC79A7",  # reddish purple
    Status.WITHDRAWN: "#999999",  # grey
}
STATUS_PATTERNS = {Status.SUSPENDED: "x", Status.WITHDRAWN: "/"}

#: One marker symbol per kind of event. A date known only to the month or year is drawn with
#: the open (hollow) variant of its symbol and a bar across the period it may stand for.
KIND_SYMBOLS = {
    EventKind.ANNOUNCED: "circle",
    EventKind.SIGNED: "diamond",
    EventKind.RATIFIED: "square",
    EventKind.ENTERED_INTO_FORCE: "star",
    EventKind.RELATIONS_ESTABLISHED: "hexagram",
    EventKind.EMBASSY_OPENED: "triangle-up",
    EventKind.STATEMENT: "cross",
    EventKind.STALLED: "x",
    EventKind.STRAINED: "bowtie",
    EventKind.DOMESTIC_STEP: "hexagon",
    EventKind.MISSION_OPENED: "triangle-left",
    EventKind.ENVOY_ARRIVED: "pentagon",
    EventKind.VISIT: "hourglass",
    EventKind.SUSPENDED: "triangle-down",
    EventKind.RESUMED: "triangle-right",
    EventKind.WITHDRAWN: "square-x",
}

INK = "#1a1a1a"
MUTED = "#4a4a4a"
#: The shaded band behind every other wave of a chart drawn in waves.
WAVE_BAND = "#f0f0f0"


class DateFormatter:
    """``format_date`` for one drawing: the translated patterns are looked up once and the
    usual ones (``j M Y``, ``M Y``, ``Y``) formatted directly, each date once. With thousands
    of events, formatting dates is otherwise most of a drawing's time."""

    def __init__(self):
        self._patterns = {
            DatePrecision.DAY: pgettext("date known to the day", "j M Y"),
            DatePrecision.MONTH: pgettext("date known to the month", "M Y"),
            DatePrecision.YEAR: pgettext("date known to the year", "Y"),
        }
        self._months = {n: str(MONTHS_3[n]).title() for n in MONTHS_3}
        self._cache = {}

    def __call__(self, value: date, precision: str = DatePrecision.DAY) -> str:
        key = (value, precision)
        found = self._cache.get(key)
        if found is None:
            pattern = self._patterns.get(precision, self._patterns[DatePrecision.DAY])
            if pattern == "j M Y":
                found = f"{value.day} {self._months[value.month]} {value.year}"
            elif pattern == "M Y":
                found = f"{self._months[value.month]} {value.year}"
            elif pattern == "Y":
                found = str(value.year)
            else:
                found = format_date(value, precision)
            self._cache[key] = found
        return found
