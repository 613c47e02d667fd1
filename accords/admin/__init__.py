"""The editors' interface. Every change is kept, with its author, and can be reverted.

One module per group of pages (importing them registers the pages): ``memberships`` (accords
and memberships), ``events`` (events with their sources, and the sources), ``interests``
(reported interests), ``credit`` (each editor's credit); ``common`` holds what they share.
Import and export of events are in ``accords.importing``.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .common import (
    CountryNameSearchMixin,
    GuardedHistoryAdmin,
    SafeIdsMixin,
    TranslatedModelForm,
    country_codes_matching,
)
from .credit import EditorCreditAdmin
from .events import (
    EventAdmin,
    EventAdminForm,
    SourceAdmin,
    SourceFormSet,
    SourceInline,
    delete_selected_events,
)
from .interests import InterestSourceInline, ReportedInterestAdmin
from .memberships import AccordAdmin, EventInline, MembershipAdmin, MembershipInline

__all__ = [
    "AccordAdmin",
    "CountryNameSearchMixin",
    "EditorCreditAdmin",
    "EventAdmin",
    "EventAdminForm",
    "EventInline",
    "GuardedHistoryAdmin",
    "InterestSourceInline",
    "MembershipAdmin",
    "MembershipInline",
    "ReportedInterestAdmin",
    "SafeIdsMixin",
    "SourceAdmin",
    "SourceFormSet",
    "SourceInline",
    "TranslatedModelForm",
    "country_codes_matching",
    "delete_selected_events",
]

admin.site.site_header = _("Treaty-membership timeline: editors")
admin.site.site_title = _("Treaty timeline editors")
admin.site.index_title = _("Accords, memberships, events and sources")
