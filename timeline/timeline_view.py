"""What one address of an accord shows: the reader's choices read from the query string, the
rows and the day. The accord page, its chart files and its CSV downloads all start here."""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.utils import timezone

from accords.models import Accord

from .data import accord_memberships, first_event_day, load_rows
from .forms import TimelineQueryForm


@dataclass
class TimelineView:
    """What one address of an accord shows: the reader's choices, the rows, and the day."""

    accord: Accord
    form: TimelineQueryForm
    today: date
    as_of: date | None
    statuses: list = field(default_factory=list)
    kinds: list = field(default_factory=list)
    zoom: tuple[date, date] | None = None
    range_value: str = ""
    rows: list = field(default_factory=list)
    first_day: date | None = None

    @property
    def cut(self) -> date:
        return self.as_of or self.today

    def query(self, **changes) -> str:
        """The query string of this view (with ``changes``), empty values left out."""
        params = [("as_of", self.as_of.isoformat() if self.as_of else "")]
        params += [("status", s) for s in self.statuses]
        params += [("kind", k) for k in self.kinds]
        params.append(("range", self.range_value))
        for name, value in changes.items():
            params = [(n, v) for n, v in params if n != name]
            params += [(name, v) for v in (value if isinstance(value, list) else [value])]
        return urlencode([(n, v) for n, v in params if v])

    def chart_arguments(self) -> dict:
        return {
            "today": self.today,
            "as_of": self.as_of,
            "statuses": self.statuses,
            "kinds": self.kinds,
            "start": self.first_day,
            "zoom": self.zoom,
        }


def timeline_view(request, accord, sources: bool = True) -> TimelineView:
    """The reader's view of ``accord`` from the query string, with its rows (each event with
    its sources unless ``sources`` is false)."""
    today = timezone.localdate()
    form = TimelineQueryForm(request.GET)
    choice = form.cleaned_data if form.is_valid() else {}
    years = choice.get("range")
    view = TimelineView(
        accord=accord,
        form=form,
        today=today,
        as_of=choice.get("as_of"),
        statuses=choice.get("status") or [],
        kinds=choice.get("kind") or [],
        zoom=(date(years[0], 1, 1), date(years[1], 12, 31)) if years else None,
        range_value=f"{years[0]}-{years[1]}" if years else "",
    )
    view.rows = load_rows(accord_memberships(accord), view.cut, sources=sources)
    view.first_day = first_event_day(accord)
    return view
