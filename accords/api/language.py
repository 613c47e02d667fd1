"""The API's language: which language a client reads content in.

A client asks with ``?lang=en|id|ar`` (which wins) or with ``Accept-Language`` (read here, as
``LocaleMiddleware`` gives addresses outside ``i18n_patterns`` English); without either, or
with a header naming only languages the site does not have, English. An unknown ``?lang=``
is a 400 that names the languages there are: a client that asked for a language by name
should not silently get another one. The answer says its language in ``Content-Language``
and varies on ``Accept-Language``, and the response cache keys on the address (with
``?lang=``) and the ``Accept-Language`` header as sent.

Each item gives its texts in that language, or in English where there is no translation,
and a ``languages`` object saying which language each text is in. Writes take the English
text under the field's own name (``title``); translations are edited in the admin or
imported (``title_id``, ``title_ar`` columns).
"""

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from accords.translation import CONTENT_LANGUAGES

LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=list(CONTENT_LANGUAGES),
    description=(
        "The language of the texts (accord names and descriptions, event titles, places and "
        "notes): en, id or ar; it wins over `Accept-Language`. Where a text has no translation "
        "it is given in English, and the item's `languages` says so. Another value is a 400."
    ),
)


def _is_api(request) -> bool:
    match = request.resolver_match
    return match is not None and (match.route or "").startswith("api/")


class ApiLanguageMiddleware:
    """Activates the language a ``?lang=`` asks for on the API's addresses, before the
    response cache looks (so a cached answer is found under it), after ``LocaleMiddleware``
    (whose ``Accept-Language`` choice it overrides and whose ``Content-Language`` it then
    sets)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _is_api(request):
            return None
        # ?lang= with no value means the same as leaving it out, as for every query parameter;
        # anything else must be a language's code as written (" en" or a control character is
        # a 400, not English).
        if request.GET.get("lang", "") == "":
            # LocaleMiddleware gives an address outside i18n_patterns English (the site's
            # unprefixed language); the API follows the client's Accept-Language instead.
            language = header_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
            return None
        language = request.GET["lang"]
        if language not in CONTENT_LANGUAGES:
            return JsonResponse(
                {
                    "lang": [
                        _("Unknown language %(lang)r; use one of %(languages)s.")
                        % {
                            "lang": request.GET["lang"][:20],
                            "languages": ", ".join(CONTENT_LANGUAGES),
                        }
                    ]
                },
                status=400,
            )
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return None


def header_language(request) -> str:
    """The first language of the request's ``Accept-Language`` the site has (``id-ID`` is
    ``id``), else English. The language cookie is the reader pages' choice, not the API's."""
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE
