"""Serializer fields of the API that the model fields do not give for free."""

import functools

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers


@functools.cache
def _country_names(language: str) -> dict[str, str]:
    with translation.override(language):
        return {code: str(name) for code, name in countries}


def country_name(code: str) -> str:
    """A state's name in the current language: looked up once per language and process
    (django-countries translates its whole list for every single name, 80 µs each)."""
    names = _country_names(translation.get_language() or "")
    return names[code] if code in names else str(countries.name(code))


class CountryField(serializers.Field):
    """A state: read as ``{"code": "KZ", "name": "Kazakhstan"}``, written as its ISO 3166-1
    alpha-2 code in capitals (``"KZ"``), exactly as the schema's enum lists them."""

    default_error_messages = {
        "invalid": _("A country is given by its ISO 3166-1 alpha-2 code, a string such as KZ."),
        "unknown": _("Unknown country code: {code}. Use an ISO 3166-1 alpha-2 code such as KZ."),
    }

    def to_representation(self, value):
        return {"code": value.code, "name": country_name(value.code)}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if data not in countries:
            self.fail("unknown", code=data[:10])
        return data


class CountryFieldSchema(OpenApiSerializerFieldExtension):
    """Tells the OpenAPI schema that a country is written as a code and read as an object."""

    target_class = CountryField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return {
                "type": "string",
                "description": "ISO 3166-1 alpha-2 code, e.g. KZ.",
                "enum": list(countries.countries),
            }
        return {
            "type": "object",
            "properties": {
                "code": {"type": "string", "example": "KZ"},
                "name": {"type": "string", "example": "Kazakhstan"},
            },
            "required": ["code", "name"],
        }


class StrictStringMixin:
    """Refuses anything but a JSON string (DRF would turn ``0`` into ``"0"``): a wrong type is
    a 400, not a guess. The length limit applies to the text as sent, before surrounding
    whitespace is trimmed, as the schema's ``maxLength`` says."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        max_length = getattr(self, "max_length", None)
        if max_length is not None and len(data) > max_length:
            self.fail("max_length", max_length=max_length)
        return super().to_internal_value(data)


class StrictCharField(StrictStringMixin, serializers.CharField):
    pass


class StrictSlugField(StrictStringMixin, serializers.SlugField):
    pass


class StrictURLField(StrictStringMixin, serializers.URLField):
    pass


class StrictSlugRelatedField(StrictStringMixin, serializers.SlugRelatedField):
    pass


class StrictBooleanField(serializers.BooleanField):
    """A JSON ``true`` or ``false`` only (DRF would also take 0, 1, "yes", "on"...), as the
    schema promises."""

    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data
