"""Content in the reader's language: which fields are translated, and which column a reader
in a given language reads.

django-modeltranslation gives each field below a column per language (``title_en``,
``title_ind`` for Indonesian, ``title_ar``); English is required and is the fallback when a
translation is missing. The field's own name (``event.title``) reads the active language's
text, falling back to English, and writes the English text.

Code that reads plain rows (the pages' drawings, the API's lists) or has to tell a reader
which language a text is in uses :func:`columns` and :func:`choose` below: one place decides
which column serves which language. Writes outside the admin (the API, the importer, the seed
loader) name the language columns explicitly (:func:`english_columns`), so what they write
never depends on the language a request happened to be in.

The historical models of django-simple-history are built from the models before this module
registers the translations; :func:`_add_to_history` gives them the same language columns, so
the history keeps every translation and a revert or a restore brings them all back.
"""

from django.conf import settings
from django.dispatch import receiver
from django.utils import translation
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.translator import TranslationOptions, register
from modeltranslation.utils import build_localized_fieldname
from simple_history.signals import pre_create_historical_record

from .models import Accord, Event, Membership, ReportedInterest

#: The languages content is written in, English (the fallback) first.
DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
CONTENT_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


@register(Accord)
class AccordTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {DEFAULT_LANGUAGE: ("name",), "default": ()}


@register(Membership)
class MembershipTranslation(TranslationOptions):
    fields = ("notes",)
    required_languages = {"default": ()}


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "place", "notes")
    required_languages = {DEFAULT_LANGUAGE: ("title",), "default": ()}


@register(ReportedInterest)
class ReportedInterestTranslation(TranslationOptions):
    fields = ("note",)
    required_languages = {DEFAULT_LANGUAGE: ("note",), "default": ()}


#: Every translated field, by model, in a fixed order (django-modeltranslation keeps its
#: options' ``fields`` as a set: their order changes from one process to the next).
TRANSLATED_FIELDS = {
    Accord: ("name", "description"),
    Membership: ("notes",),
    Event: ("title", "place", "notes"),
    ReportedInterest: ("note",),
}


def column(field: str, language: str) -> str:
    """The column of ``field`` in ``language``: ``title_en``, ``title_ar``, and ``title_ind``
    for Indonesian (django-modeltranslation's name: ``title_id`` would read as a foreign key)."""
    return build_localized_fieldname(field, language)


def content_language(language: str | None = None) -> str:
    """``language`` (or the active language) as one of the content languages: ``en-gb`` is
    ``en``, and a language without content columns is English."""
    language = (language or translation.get_language() or DEFAULT_LANGUAGE).lower()
    if language not in CONTENT_LANGUAGES:
        language = language.split("-")[0]
    return language if language in CONTENT_LANGUAGES else DEFAULT_LANGUAGE


def resolution_order(language: str | None = None) -> tuple[str, ...]:
    """The languages to read ``field`` in for a reader of ``language``: theirs, then English."""
    language = content_language(language)
    return (language,) if language == DEFAULT_LANGUAGE else (language, DEFAULT_LANGUAGE)


def columns(field: str, language: str | None = None) -> list[str]:
    """The columns to read for ``field`` in ``language`` (active by default), in the order
    :func:`choose` takes them: the language's own, then English."""
    return [column(field, code) for code in resolution_order(language)]


def choose(values, field: str, language: str | None = None) -> "Text":
    """The text of ``field`` for a reader of ``language`` from ``values`` (a mapping of
    column names to values, e.g. a ``.values()`` row, or a model instance): the first
    non-empty of :func:`columns`, as a :class:`Text` that knows its language."""
    get = values.get if isinstance(values, dict) else (lambda name: getattr(values, name, None))
    order = resolution_order(language)
    for code in order:
        text = get(column(field, code))
        if text:
            return Text(text, code)
    return Text("", order[-1])


class Text(str):
    """A content text that knows the language it is in (``lang``). It is a plain string
    everywhere else: the drawings, JSON and templates take it as one."""

    def __new__(cls, text: str, lang: str):
        self = super().__new__(cls, text)
        self.lang = lang
        return self

    def __reduce__(self):  # cached rows are pickled
        return (Text, (str(self), self.lang))


def english_columns(model, values: dict) -> dict:
    """``values`` with each translated field's name turned into its English column (``title``
    becomes ``title_en``), so that a write sets the English text whatever the active language."""
    translated = TRANSLATED_FIELDS.get(model, ())
    return {
        (column(name, DEFAULT_LANGUAGE) if name in translated else name): value
        for name, value in values.items()
    }


def _add_to_history():
    for model, fields in TRANSLATED_FIELDS.items():
        history = model.history.model
        for name in fields:
            original = model._meta.get_field(name)
            for code in CONTENT_LANGUAGES:
                if any(f.name == column(name, code) for f in history._meta.local_fields):
                    continue
                copy = original.clone()
                copy.null, copy.blank = True, True
                copy.verbose_name = f"{original.verbose_name} [{code}]"
                copy.db_column = None
                history.add_to_class(column(name, code), copy)


def _keep_english_in_the_original_columns():
    """The field's own column (``title``) always holds the English text, whatever language
    was active when the object was saved (django-modeltranslation would store the active
    language's): the database's checks (an event has a title), raw reads and the history's
    diffs then see one language."""

    def english_pre_save(field):
        english = column(field.name, DEFAULT_LANGUAGE)

        def pre_save(model_instance, add):
            value = getattr(model_instance, english, None)
            return "" if value is None else value

        return pre_save

    for model, fields in TRANSLATED_FIELDS.items():
        for name in fields:
            field = model._meta.get_field(name)
            field.pre_save = english_pre_save(field)


@receiver(pre_create_historical_record)
def _english_in_the_historys_original_columns(sender, history_instance, **kwargs):
    fields = TRANSLATED_FIELDS.get(history_instance.instance_type)
    for name in fields or ():
        english = getattr(history_instance, column(name, DEFAULT_LANGUAGE))
        setattr(history_instance, name, "" if english is None else english)


def _write_english_under_the_fields_name():
    """``Event(title=...)`` and ``event.title = ...`` set the English text, whatever language
    is active (django-modeltranslation would set the active language's column, so that a
    write made while a request's Arabic was active would leave the English empty). Reading
    ``event.title`` still gives the active language's text, with the English fallback."""

    for model, fields in TRANSLATED_FIELDS.items():
        for name in fields:
            descriptor = model.__dict__[name]
            descriptor.__class__ = EnglishWritingDescriptor
        model.__init__ = _english_init(model.__init__, fields)


class EnglishWritingDescriptor(TranslationFieldDescriptor):
    def __set__(self, instance, value):
        instance.__dict__[self.field.name] = value
        if getattr(instance, "_mt_init", False) or getattr(instance, "_mt_disable", False):
            return
        setattr(instance, column(self.field.name, DEFAULT_LANGUAGE), value)


def _english_init(init, fields):
    def english_init(self, *args, **kwargs):
        for name in fields:
            if name in kwargs:
                kwargs.setdefault(column(name, DEFAULT_LANGUAGE), kwargs.pop(name))
        init(self, *args, **kwargs)

    return english_init


_add_to_history()
_keep_english_in_the_original_columns()
_write_english_under_the_fields_name()


def in_every_language(model, names, *, english: str = "field") -> list[str]:
    """``names`` (an admin's fields, a search's fields) with each translated field of ``model``
    followed by its columns in the other languages: ``title, title_ind, title_ar``. With
    ``english="column"`` the English text is named by its column too (``title_en``), as a
    search must (``title`` alone would search the active language only)."""
    translated = TRANSLATED_FIELDS.get(model, ())
    found = []
    for name in names:
        if name not in translated:
            found.append(name)
            continue
        found.append(name if english == "field" else column(name, DEFAULT_LANGUAGE))
        found += [column(name, code) for code in CONTENT_LANGUAGES if code != DEFAULT_LANGUAGE]
    return found


class EnglishFirstForm:
    """A model form mixin for a translated model's admin: the field's own name (``title``) is
    the English text, whatever language the editor's admin is in, and its translations are
    their own fields (``title_ind``, ``title_ar``, labelled "title [id]", "title [ar]"), empty
    where there is none. Without it, the form would show the text the fallback found for the
    editor's language as if it were the English."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translated = TRANSLATED_FIELDS.get(self._meta.model, ())
        for name in translated:
            if name not in self.fields:
                continue
            field = self.fields[name]
            label = field.label
            field.label = f"{label} [{DEFAULT_LANGUAGE}]"
            if self.instance.pk is not None:
                english = getattr(self.instance, column(name, DEFAULT_LANGUAGE), None)
                self.initial[name] = english or ""
            for code in CONTENT_LANGUAGES:
                other = self.fields.get(column(name, code))
                if other is not None:
                    other.required = False
                    other.label = f"{label} [{code}]"
