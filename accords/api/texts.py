"""Translated texts in the API's answers: each text in the request's language (English where it
has none) and ``languages``, which says the language each text is in."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accords.translation import CONTENT_LANGUAGES, TRANSLATED_FIELDS, choose


def text_languages_field(model):
    """A read-only ``languages`` field: the language each translated text of ``model`` is in
    (the requested one, or ``en`` where it fell back to English)."""
    names = TRANSLATED_FIELDS[model]

    @extend_schema_field(
        {
            "type": "object",
            "description": (
                "The language each text is in: the requested one (`?lang=` or "
                "`Accept-Language`), or en where it has no translation and English is given."
            ),
            "properties": {
                name: {"type": "string", "enum": list(CONTENT_LANGUAGES)} for name in names
            },
            "required": list(names),
            "readOnly": True,
        }
    )
    class TextLanguagesField(serializers.Field):
        def __init__(self, **kwargs):
            super().__init__(source="*", read_only=True, **kwargs)

        def to_representation(self, value):
            return text_languages(value, model)

    return TextLanguagesField()


def text_languages(values, model) -> dict:
    """``{field: language}`` for each translated field of ``model`` in ``values`` (an instance
    or a row with its language columns), for the active language."""
    return {name: choose(values, name).lang for name in TRANSLATED_FIELDS[model]}


def texts_in_language(values, model) -> dict:
    """Each translated field of ``model`` in the active language (English where missing), and
    ``languages``: the one place the API chooses a text's column."""
    found = {name: choose(values, name) for name in TRANSLATED_FIELDS[model]}
    return {
        **{name: str(text) for name, text in found.items()},
        "languages": {name: text.lang for name, text in found.items()},
    }
