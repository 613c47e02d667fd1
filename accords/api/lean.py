"""The events list, lean: two SQL queries (the count and the page) compiled once per kind of
request, and the JSON written straight from the rows.

Where the time of ``GET /api/events/`` went (bench/profile_api.py, 50 events with sources, the
list uncached): building the queryset and compiling its SQL twice (count and page) through the
ORM, Django's per-row converters, parsing each event's sources from JSON and REST framework's
renderer encoding the whole page again. Now:

- **SQL compiled once.** The filtered, ordered queryset is built through the filters and the
  ordering as before (so a bad value is still a 400 naming the parameter), but only the first
  time a given set of filter and ordering values is seen in a process; its SQL is kept
  (:data:`_COMPILED`, bounded) and run directly on the next request with the same values.
  The SQL depends on nothing but those values, the database and the language's columns.
- **Sources as JSON from the database**, in the same query as the events, written into the
  answer as they are: each event's array is kept by the database (``accords.models.SourcesJSON``,
  built by triggers in SQLite's ``json_quote`` or PostgreSQL's ``row_to_json``) and is the same
  compact JSON, byte for byte, as Python's ``json.dumps`` with REST framework's separators
  (tests/test_api_lean_lists.py checks this on both, with quotes, backslashes, control
  characters and non-ASCII text).
- **Each row written once**: a format string with the few values escaped by the C encoder
  Python's ``json`` uses; the country's name as JSON looked up once per language.

The text column read for each output field is chosen in one place, :func:`text_columns` (a
mapping of output field to column), so that a translated column can be read per language.
"""

import json
from collections import OrderedDict
from json.encoder import encode_basestring

from django.db import connections
from django.db.models import Case, F, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.functional import cached_property

from accords.models import Event
from accords.translation import TRANSLATED_FIELDS, column, resolution_order

from .fields import country_name

#: The text fields of an event whose column depends on the request's language.
EVENT_TEXT_FIELDS = TRANSLATED_FIELDS[Event]

#: How many distinct compiled requests a process keeps (filters x ordering x language).
MAX_COMPILED = 256
_COMPILED: "OrderedDict[tuple, Compiled]" = OrderedDict()


def text_columns(language: str | None = None) -> dict[str, tuple[tuple[str, str], ...]]:
    """The columns each text field of an event is read from, for ``language`` (the active one
    by default): ``(language, column)`` pairs in the order they are tried, the reader's
    language then English (``title`` -> ``title_ar``, ``title_en``). The one place the lean
    list chooses a translated column; the first non-empty text wins, as
    ``accords.translation.choose`` decides for the serializers."""
    order = resolution_order(language)
    return {
        field: tuple((code, column(field, code)) for code in order) for field in EVENT_TEXT_FIELDS
    }


#: Each event's sources as one compact JSON array in id order, as ``SourceSerializer`` gives
#: them: kept by the database (``SourcesJSON``, rewritten by triggers whenever a source
#: changes), so a page reads one short text per event instead of building it. Building it
#: here, per request, was 0.47 ms of the 0.63 ms the page's query took on the seed.
_SOURCES_JSON = (
    "COALESCE((SELECT j.json FROM accords_sourcesjson j WHERE j.event_id = accords_event.id), '[]')"
)

#: The date as YYYY-MM-DD text.
_DATE_TEXT = {
    "sqlite": "CAST(accords_event.date AS TEXT)",  # an expression: no date converter
    "postgresql": "to_char(accords_event.date, 'YYYY-MM-DD')",
}

_ROW = (
    '{"id":%d,"accord":%s,"country":%s,"kind":%s,"date":"%s","date_precision":%s,'
    '"title":%s,"place":%s,"notes":%s,'
    '"languages":{"title":"%s","place":"%s","notes":"%s"},"sources":%s}'
)


def _chosen_text(columns: tuple[tuple[str, str], ...]):
    """SQL for one text field: the first non-empty of its columns (``(language, column)``
    pairs, in order), else the empty text; and the language of that text, else the last
    language tried (English). What :func:`accords.translation.choose` decides, in the query."""
    text = Coalesce(
        *(NullIf(F(name), Value("")) for _code, name in columns),
        Value(""),
        output_field=TextField(),
    )
    language = Case(
        *(When(**{f"{name}__gt": ""}, then=Value(code)) for code, name in columns),
        default=Value(columns[-1][0]),
        output_field=TextField(),
    )
    return text, language


class Compiled:
    """The SQL of one kind of request: the count, and the rows (to which a page adds LIMIT and
    OFFSET)."""

    def __init__(self, events, columns: dict[str, str]):
        self.alias = events.db
        vendor = connections[self.alias].vendor
        # django-modeltranslation's queryset would rewrite (and reorder) the columns asked
        # for: the rows' layout is this list's, so its rewriting is off from here on.
        if hasattr(events, "rewrite"):
            events = events.rewrite(False)
        texts = {}
        for field in EVENT_TEXT_FIELDS:
            texts[f"_{field}"], texts[f"_{field}_language"] = _chosen_text(columns[field])
        rows = events.annotate(
            _date_text=RawSQL(_DATE_TEXT[vendor], (), output_field=TextField()),
            _sources_json=RawSQL(_SOURCES_JSON, (), output_field=TextField()),
            **texts,
        ).values_list(
            "id",
            "membership__accord__slug",
            "membership__country",
            "kind",
            "_date_text",
            "date_precision",
            *(f"_{field}" for field in EVENT_TEXT_FIELDS),
            *(f"_{field}_language" for field in EVENT_TEXT_FIELDS),
            "_sources_json",
        )
        self.rows_sql, self.rows_params = rows.query.sql_with_params()
        counted_sql, counted_params = events.order_by().values("pk").query.sql_with_params()
        self.count_sql = f"SELECT COUNT(*) FROM ({counted_sql}) counted"
        self.count_params = counted_params

    def count(self) -> int:
        with connections[self.alias].cursor() as cursor:
            cursor.execute(self.count_sql, self.count_params)
            return cursor.fetchone()[0]

    def rows(self, start: int = 0, stop: int | None = None) -> list[tuple]:
        sql, params = self.rows_sql, self.rows_params
        if stop is not None:
            sql = f"{sql} LIMIT {int(stop - start)} OFFSET {int(start)}"
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def compiled(key: tuple, build) -> Compiled:
    """The compiled SQL for ``key`` (kept per process, least recently used dropped), built by
    ``build()`` (a :class:`Compiled`) the first time."""
    found = _COMPILED.get(key)
    if found is not None:
        _COMPILED.move_to_end(key)
        return found
    found = build()
    _COMPILED[key] = found
    while len(_COMPILED) > MAX_COMPILED:
        _COMPILED.popitem(last=False)
    return found


class LeanRows:
    """What REST framework's page-number paginator takes (``count()``, slices, ``ordered``)
    over a compiled request."""

    ordered = True

    def __init__(self, query: Compiled):
        self.query = query

    @cached_property
    def _count(self):
        return self.query.count()

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.query.rows(index.start or 0, index.stop)
        return self.query.rows(index, index + 1)[0]


class _Names(dict):
    """Country code -> its name as JSON text, in one language (filled as codes come)."""

    def __missing__(self, code):
        name = encode_basestring(country_name(code))
        value = self[code] = f'{{"code":{encode_basestring(code)},"name":{name}}}'
        return value


_NAMES: dict[str, _Names] = {}


def items_json(rows) -> str:
    """The rows of a :class:`Compiled` as a JSON array of events, as ``EventSerializer`` and
    REST framework's JSON renderer write them (compact, non-ASCII as it is)."""
    language = translation.get_language() or ""
    names = _NAMES.get(language)
    if names is None:
        names = _NAMES[language] = _Names()
    enc = encode_basestring
    # The languages are codes from the settings, written as they are.
    return (
        "["
        + ",".join(
            [
                _ROW
                % (
                    id_,
                    enc(accord),
                    names[country],
                    enc(kind),
                    day,
                    enc(precision),
                    enc(title),
                    enc(place),
                    enc(notes),
                    title_in,
                    place_in,
                    notes_in,
                    sources,
                )
                for (
                    id_,
                    accord,
                    country,
                    kind,
                    day,
                    precision,
                    title,
                    place,
                    notes,
                    title_in,
                    place_in,
                    notes_in,
                    sources,
                ) in rows
            ]
        )
        + "]"
    )


def page_json(count: int, next_link: str | None, previous_link: str | None, rows) -> bytes:
    """A page as REST framework's paginator and JSON renderer give it, in UTF-8."""
    next_json = "null" if next_link is None else encode_basestring(next_link)
    previous_json = "null" if previous_link is None else encode_basestring(previous_link)
    text = (
        f'{{"count":{int(count)},"next":{next_json},"previous":{previous_json},'
        f'"results":{items_json(rows)}}}'
    )
    # As REST framework's renderer: these two are valid JSON but not valid JavaScript.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode()


def items(rows) -> list[dict]:
    """The rows as the list of dictionaries ``EventSerializer`` gives (for the CSV and the
    browsable API)."""
    return json.loads(items_json(rows))
