"""Serializer fields of the API that the model fields do not give for free."""

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers


class CountryField(serializers.Field):
    """A state: read as ``{"code": "KZ", "name": "Kazakhstan"}``, written as its ISO 3166-1
    alpha-2 code in capitals (``"KZ"``), exactly as the schema's enum lists them."""

    default_error_messages = {
        "invalid": _("A country is given by its ISO 3166-1 alpha-2 code, a string such as KZ."),
        "unknown": _("Unknown country code: {code}. Use an ISO 3166-1 alpha-2 code such as KZ."),
    }

    def to_representation(self, value):
        return {"code": value.code, "name": str(value.name)}

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
