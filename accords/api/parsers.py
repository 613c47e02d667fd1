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

#: Characters that no database of the site can store: NUL, and UTF-16 surrogates (which a
#: valid UTF-8 text never holds; only a JSON ``\\u`` escape can produce an unpaired one).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

#: One escape in a JSON text: ``\\uXXXX`` (its four hex digits captured) or ``\\`` and any
#: other character. Scanning escapes from the left pairs every backslash with what follows it,
#: so the text ``\\\\u0000`` (an escaped backslash, then ``u0000``) is not taken for a NUL.
JSON_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|.)", re.DOTALL)
HIGH_SURROGATES = range(0xD800, 0xDC00)
LOW_SURROGATES = range(0xDC00, 0xE000)

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


def is_unstorable(text: str) -> bool:
    """Whether ``text`` holds a NUL character or a UTF-16 surrogate."""
    return bool(UNSTORABLE.search(text))


def json_text_unstorable(text: str) -> bool:
    """Whether a JSON text, once parsed, would hold a NUL or an unpaired surrogate: written as
    such, as a ``\\u0000`` escape, or as a ``\\uD800``-``\\uDFFF`` escape not paired
    high-then-low (a pair such as ``\\ud83d\\ude00`` is one character, 😀). Found without
    parsing the text."""
    if is_unstorable(text):
        return True
    pair_expected_at = None  # where the low half must start, after a high surrogate escape
    for match in JSON_ESCAPE.finditer(text):
        digits = match.group(1)
        code = int(digits, 16) if digits else None
        if pair_expected_at is not None:
            if match.start() != pair_expected_at or code not in LOW_SURROGATES:
                return True
            pair_expected_at = None
        elif code == 0 or code in LOW_SURROGATES:
            return True
        elif code in HIGH_SURROGATES:
            pair_expected_at = match.end()
    return pair_expected_at is not None


class BoundedJSONParser(JSONParser):
    """JSON of at most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes (Django's own limit on a request
    body; a larger one is a 413) and at most ``max_depth`` levels of nested arrays and objects
    (a deeper one is a 400), holding no NUL and no unpaired surrogate (a 400: no database
    stores them, and PostgreSQL refuses them even in a query). An event with its sources is
    three levels deep."""

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
        if json_text_unstorable(text):
            raise ParseError(
                _(
                    "The JSON body holds a NUL or surrogate character, which no text here may "
                    "contain."
                )
            )
        parse_constant = json.strict_constant if self.strict else None  # no NaN, no Infinity
        try:
            return json.loads(text, parse_constant=parse_constant)
        except (ValueError, RecursionError) as error:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": error}) from error
