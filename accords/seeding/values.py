"""An item's values as the file gives them and as they are stored, in one form, so that the
loader compares them; and who changed an object since the loader's last write."""

from datetime import date

from django.core.exceptions import ValidationError

from ..models import Source
from ..translation import CONTENT_LANGUAGES, DEFAULT_LANGUAGE, TRANSLATED_FIELDS, column

ACCORD_FIELDS = ["name", "description", "text_url", "depositary"]
MEMBERSHIP_FIELDS = ["role", "notes"]
EVENT_FIELDS = ["kind", "date", "date_precision", "place", "title", "notes"]
SOURCE_FIELDS = list(Source.CITATION_FIELDS)
INTEREST_FIELDS = ["country", "entity", "date", "date_precision", "note"]
INTEREST_SOURCE_FIELDS = ["url", "title", "publisher", "published_on"]


def parse_date(value):
    return date.fromisoformat(value) if value else None


def labelled(key: str, error: ValidationError) -> ValidationError:
    detail = error.message_dict if hasattr(error, "error_dict") else error.messages
    return ValidationError(f"{key}: {detail}")


def editor_changed(history_model, since, **lookup) -> bool:
    """Whether an editor (a named user) changed the object after the loader's last write."""
    return history_model.objects.filter(
        history_date__gt=since, history_user__isnull=False, **lookup
    ).exists()


#: The language columns of every translated field: empty in the database may be NULL or "".
_TRANSLATION_COLUMNS = frozenset(
    column(name, code)
    for names in TRANSLATED_FIELDS.values()
    for name in names
    for code in CONTENT_LANGUAGES
)


def stored_values(obj, names):
    return {
        name: (getattr(obj, name) or "")
        if name in _TRANSLATION_COLUMNS
        else norm(getattr(obj, name))
        for name in names
    }


def file_values(model, item: dict, names) -> dict:
    """An item's values for ``names``, each translated field of ``model`` as its columns: a
    text in the file is ``{"en": ..., "id": ..., "ar": ...}`` (English required), or a plain
    string, which is the English text (the format's first edition)."""
    translated = TRANSLATED_FIELDS.get(model, ())
    values = {}
    for name in names:
        value = item.get(name, "")
        if name not in translated:
            values[name] = value
            continue
        texts = value if isinstance(value, dict) else {DEFAULT_LANGUAGE: value}
        unknown = sorted(set(texts) - set(CONTENT_LANGUAGES))
        if unknown:
            raise ValidationError(
                f"{name}: unknown language {', '.join(unknown)}; use {', '.join(CONTENT_LANGUAGES)}"
            )
        for code in CONTENT_LANGUAGES:
            values[column(name, code)] = texts.get(code) or ""
    return values


def source_rows(sources, names=SOURCE_FIELDS):
    """Sources (model instances or dicts) as comparable rows."""
    return [
        tuple(norm(s[n] if isinstance(s, dict) else getattr(s, n)) for n in names) for s in sources
    ]


def norm(value):
    return str(value.code) if hasattr(value, "code") else value
