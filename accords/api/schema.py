"""How the OpenAPI schema describes what the code does beyond its serializers: the error
responses every operation can give, that reading needs no credentials, and the CSV download."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import SAFE_METHODS

from .language import LANG_PARAMETER


class ApiAutoSchema(AutoSchema):
    """Documents the 400, 401, 403, 404 and 429 responses of each operation, that safe
    methods need no credentials, and that they take ``?lang=`` (``accords.api.language``)."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method in SAFE_METHODS:
            parameters = [*parameters, LANG_PARAMETER]
        return parameters

    def get_auth(self):
        auths = super().get_auth()
        if self.method in SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        writes = self.method not in SAFE_METHODS
        has_path_parameter = "{" in self.path
        errors = {}
        # Every read takes ?lang= (an unknown language is a 400), every list its filters.
        if (writes and self.method != "DELETE") or not writes:
            errors["400"] = (
                "The request's data or query parameters were refused: each field with its reasons."
            )
        errors["401"] = "Credentials were required (writing) or were not valid."
        if writes:
            errors["403"] = "Only members of the Editors group may change data."
        if has_path_parameter or self._is_list_view():
            errors["404"] = "No such item, page or format."
        errors["429"] = "Too many requests: anonymous clients are throttled."
        for code, description in errors.items():
            if code in responses:
                continue
            name, schema = (
                ("ValidationError", VALIDATION_ERROR_SCHEMA)
                if code == "400"
                else ("Error", ERROR_SCHEMA)
            )
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
            )
            self.registry.register_on_missing(component)
            responses[code] = {
                "description": description,
                "content": {"application/json": {"schema": component.ref}},
            }
        return responses


ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "Why the request was refused."}},
    "required": ["detail"],
}

VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Each refused field (or non_field_errors) with a list of reasons; for a nested list "
        "such as sources, the errors of each refused item keyed by its position (from 0)."
    ),
    "additionalProperties": True,
}


def csv_as_text(result, generator, request, public):
    """Postprocessing hook: a ``text/csv`` response is a CSV document, not the JSON shape."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for response in operation.get("responses", {}).values():
                content = response.get("content", {})
                if "text/csv" in content:
                    content["text/csv"] = {
                        "schema": {
                            "type": "string",
                            "description": "The whole filtered list as CSV, with a header row.",
                        }
                    }
    return result


def empty_query_values_allowed(result, generator, request, public):
    """Postprocessing hook: an optional query parameter given with an empty value (``?status=``,
    as an HTML form sends it) means the same as leaving it out, and the schema says so."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
                schema = parameter.get("schema", {})
                if (
                    schema.get("type") == "string"
                    and "pattern" not in schema
                    and "enum" not in schema
                ):
                    # NUL cannot be stored or searched for: the site refuses it with a 400.
                    schema["pattern"] = NO_NUL
    return result


#: A text parameter's pattern: anything but the NUL character.
NO_NUL = "^[^\\x00]*$"
