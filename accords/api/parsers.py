"""The API's JSON parser: REST framework's, bounded in size and in nesting, so that no body
can run the parser out of memory or out of stack (a ``[[[[...`` body a hundred thousand deep
would otherwise end in a ``RecursionError`` and a 500)."""

import re
from itertools import accumulate

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.utils import json

#: A JSON string, escapes included (the unrolled form of ``"(?:[^"\\]|\\.)*"``).
JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in a JSON text (``[]`` is 1, ``{"a": []}`` is 2),
    found without parsing it: brackets inside strings do not count. For malformed text the
    number is an estimate; the parser then refuses the text anyway."""
    brackets = NOT_A_BRACKET.sub("", JSON_STRING.sub("", text))
    return max(accumulate(map(DEPTH_STEP.__getitem__, brackets)), default=0)


class BoundedJSONParser(JSONParser):
    """JSON of at most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes (Django's own limit on a request
    body; a larger one is a 413) and at most ``max_depth`` levels of nested arrays and objects
    (a deeper one is a 400). An event with its sources is three levels deep."""

    max_depth = 32

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(body) > limit:
            raise PayloadTooLarge(
                _("The request body is too large: the site accepts at most %(size)s.")
                % {"size": filesizeformat(limit)}
            )
        encoding = get_encoding(parser_context or {})  # a text encoding, or a ParseError
        try:
            text = body.decode(encoding)
        except (LookupError, UnicodeDecodeError) as error:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": error}) from error
        depth = nesting_depth(text)
        if depth > self.max_depth:
            raise ParseError(
                _("JSON nested %(depth)d levels deep; at most %(limit)d are accepted.")
                % {"depth": depth, "limit": self.max_depth}
            )
        parse_constant = json.strict_constant if self.strict else None  # no NaN, no Infinity
        try:
            return json.loads(text, parse_constant=parse_constant)
        except (ValueError, RecursionError) as error:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": error}) from error
