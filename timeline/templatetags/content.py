"""``{% content obj "field" %}``: a content text in the reader's language, its English
fallback marked for screen readers.

``obj`` is a translated model instance (an accord, a membership, an event, a reported
interest: its ``title_en``/``title_ind``/``title_ar`` columns are read), or anything whose
attribute is a :class:`accords.translation.Text` (the rows the pages' drawings take), or a
plain string attribute (taken as the page's language). Where the text is in another language
than the page's (English, because the translation is missing), it is wrapped in
``<span lang="en">``, so that a screen reader reads it with English pronunciation.

``{% content membership "notes" urlize %}`` also turns its web addresses into links (60
characters shown at most), as ``urlizetrunc:60`` would.
"""

from django import template
from django.template.defaultfilters import urlizetrunc
from django.utils.html import conditional_escape, format_html

from accords.translation import TRANSLATED_FIELDS, Text, choose, content_language

register = template.Library()

#: How many characters of a web address ``urlize`` shows.
URLIZE_LENGTH = 60


def content_text(obj, field: str) -> Text | str:
    """The text of ``field`` of ``obj`` for the active language (see the module's docstring)."""
    if obj is None:
        return ""
    if type(obj) in TRANSLATED_FIELDS and field in TRANSLATED_FIELDS[type(obj)]:
        return choose(obj, field)
    value = obj.get(field, "") if isinstance(obj, dict) else getattr(obj, field, "")
    return "" if value is None else value


@register.simple_tag
def content(obj, field, *flags):
    text = content_text(obj, field)
    html = (
        urlizetrunc(text, URLIZE_LENGTH, autoescape=True)
        if "urlize" in flags
        else conditional_escape(text)
    )
    lang = getattr(text, "lang", None)
    if text and lang and lang != content_language():
        return format_html('<span lang="{}">{}</span>', lang, html)
    return html
