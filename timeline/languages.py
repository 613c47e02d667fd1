"""The reader's language: the address says it (``/``, ``/id/``, ``/ar/``), a cookie remembers a
choice made with the switcher, and a first visit without either follows ``Accept-Language``.

- :class:`PreferredLanguageMiddleware` sends a first visit to an unprefixed reader page to the
  reader's language (``/`` → ``/id/`` for a browser that prefers Indonesian), unless the
  language cookie names English. Only the HTML reader pages move: the feeds, figures, CSV and
  images at an unprefixed address answer in English, as their address says.
- :func:`choose_language` is the switcher's target: a plain link (no JavaScript, no form, so
  pages stay cacheable without a CSRF token) that sets the cookie and goes to the same view,
  as of the same date and with the same filters, in the chosen language.
- :func:`language_links` gives templates the switcher's links for the current address.
"""

import json
from urllib.parse import urlencode

import django_countries
from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import Resolver404, get_script_prefix, resolve, reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.utils.translation.trans_real import parse_accept_lang_header

#: The reader pages that follow the browser's language on a first visit.
REDIRECTED_URL_NAMES = frozenset({"home", "accord", "membership", "state", "changes"})


def supported_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def preferred_from_header(header: str) -> str:
    """The first language of ``Accept-Language`` (by its weights) that the site speaks, or
    the default. ``id-ID`` counts as ``id``; ``*`` and unknown languages are skipped."""
    codes = supported_codes()
    for accepted, _quality in parse_accept_lang_header(header or ""):
        accepted = accepted.lower()
        for candidate in (accepted, accepted.split("-")[0]):
            if candidate in codes:
                return candidate
    return settings.LANGUAGE_CODE


def _reader_page(path_info: str) -> bool:
    try:
        match = resolve(path_info)
    except Resolver404:
        return False
    return "timeline" in match.namespaces and match.url_name in REDIRECTED_URL_NAMES


class FreshLanguageMiddleware:
    """First of all: each request starts in the default language and leaves none behind.

    Django activates a language per thread and never deactivates it, so without this a page
    refused before ``LocaleMiddleware`` runs (a 400 for unstorable input) would be written in
    whatever language the thread's previous request had."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.deactivate()
        try:
            return self.get_response(request)
        finally:
            translation.deactivate()


def _chosen_language(request) -> str:
    """The switcher's cookie if it names a language of the site, else the browser's."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in supported_codes():
        return chosen
    return preferred_from_header(request.headers.get("accept-language", ""))


def _is_admin_path(path_info: str) -> bool:
    return path_info.startswith(reverse("admin:index"))


class PreferredLanguageMiddleware:
    """Redirects a ``GET``/``HEAD`` of an unprefixed reader page to the reader's language.

    The cookie set by the switcher wins over ``Accept-Language``; either way the answer varies
    on both, and a redirect is never stored by a shared cache. Must come after
    ``LocaleMiddleware``. The response cache answers before both, safely: its key holds the
    ``Accept-Language`` header and the language cookie as sent, which decide the redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self._redirect(request)
        if redirect is not None:
            return redirect
        if _is_admin_path(request.path_info):
            # The admin keeps one address: it speaks the language the editor chose with the
            # switcher, else the browser's (Django's admin has Indonesian and Arabic too).
            language = _chosen_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
            patch_vary_headers(response, ["Accept-Language", "Cookie"])
            return response
        return self.get_response(request)

    def _redirect(self, request):
        if request.method not in ("GET", "HEAD"):
            return None
        if translation.get_language_from_path(request.path_info) is not None:
            return None  # the address names its language
        chosen = _chosen_language(request)
        if chosen == settings.LANGUAGE_CODE or not _reader_page(request.path_info):
            return None
        script_prefix = get_script_prefix()
        target = request.get_full_path().replace(script_prefix, f"{script_prefix}{chosen}/", 1)
        response = HttpResponseRedirect(target)
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        patch_cache_control(response, private=True, max_age=0)
        return response


def _in_language(path: str, code: str) -> str:
    """``path`` (with its query) as the same view in language ``code``; unchanged if it is not
    a page of the site."""
    current = translation.get_language_from_path(path.split("?", 1)[0])
    with translation.override(current or settings.LANGUAGE_CODE):
        return translate_url(path, code)


def choose_language(request, code):
    """The switcher: remember ``code`` in the language cookie and show ``next`` in it."""
    if code not in supported_codes():
        return HttpResponseBadRequest(_("This site is not available in that language."))
    next_url = request.GET.get("next", "")
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("timeline:home")
    response = HttpResponseRedirect(_in_language(next_url, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def language_links(request):
    """The switcher's links for the current page: each language's name in that language, its
    code, whether it is the current one, and the address that chooses it."""
    current = translation.get_language()
    match = getattr(request, "resolver_match", None)
    if match is None or "timeline" not in match.namespaces:
        next_url = None
    else:
        next_url = request.get_full_path()
    links = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        target = reverse("choose_language", kwargs={"code": code})
        if next_url is not None:
            target += "?" + urlencode({"next": _in_language(next_url, code)})
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "bidi": info["bidi"],
                "current": code == current,
                "href": target,
            }
        )
    # A callable: templates that show no chart never build it.
    return {"language_links": links, "date_locale_json": date_locale_json}


def collation_key(text: str):
    """A sort key for ``text`` by the Unicode Collation Algorithm's default order (DUCET):
    Arabic names in Arabic alphabetical order (hamza forms with their alif), Latin names
    with their accents beside the plain letter (``Éire`` after ``Albania``), case ignored
    first. django-countries builds this collator when pyuca is installed (once per process,
    at import) and sorts its own lists by it, so both agree in every language."""
    return django_countries.collator.sort_key(str(text))


def text_list(items) -> str:
    """Names as one list in the active language: "Israel, Morocco and Sudan" (Django's
    ``get_text_list``), and in Arabic with "و" written onto each name after the first, as
    Arabic writes it ("إسرائيل والمغرب والسودان"), not as a separate word after a comma."""
    items = [str(item) for item in items]
    if translation.get_language() == "ar":
        return " و".join(items)
    return get_text_list(items, _("and"))


def date_locale() -> dict:
    """The active language's calendar words for the browser, from Django's own catalogues:
    a Plotly locale (``Plotly.register``: axis months and hover dates in the reader's
    language, with no Plotly locale bundle) plus the pattern of a day-precise date, for the
    date slider's spoken value. Digits stay Latin in every language (see accords/dates.py)."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    months = [str(MONTHS[n]) for n in range(1, 13)]
    short_months = [str(MONTHS_3[n]).title() for n in range(1, 13)]
    # Plotly (d3) counts days from Sunday; Django's WEEKDAYS from Monday.
    days = [str(WEEKDAYS[(n + 6) % 7]) for n in range(7)]
    short_days = [str(WEEKDAYS_ABBR[(n + 6) % 7]) for n in range(7)]
    return {
        "moduleType": "locale",
        "name": code,
        "dictionary": {},
        "format": {
            "days": days,
            "shortDays": short_days,
            "months": months,
            "shortMonths": short_months,
            "date": "%d/%m/%Y",
            # A registered locale replaces Plotly's own of that name whole (English's too):
            # every key Plotly reads is given, numbers as the site writes them (Latin digits).
            "periods": ["AM", "PM"],
            "dateTime": "%a %-d %b %Y %X",
            "time": "%H:%M:%S",
            "decimal": ".",
            "thousands": ",",
            "grouping": [3],
            "currency": ["$", ""],
            "year": "%Y",
            "month": "%b %Y",
            "dayMonth": "%-d %b",
            "dayMonthYear": "%-d %b %Y",
        },
        "dayPattern": pgettext("date known to the day", "j M Y"),
    }


def date_locale_json() -> str:
    """:func:`date_locale` as JSON, for a data attribute (the pages have no inline script)."""
    return json.dumps(date_locale(), ensure_ascii=False)
