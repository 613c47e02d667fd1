"""The pages of the states reported as interested in an accord, with their sources."""

from django.contrib import admin

from ..models import InterestSource, ReportedInterest
from ..translation import in_every_language
from .common import CountryNameSearchMixin, GuardedHistoryAdmin, TranslatedModelForm


class InterestSourceInline(admin.StackedInline):
    model = InterestSource
    fields = ["url", "publisher", "title", "published_on"]
    extra = 0
    min_num = 1

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["validate_min"] = True
        return super().get_formset(request, obj, **kwargs)


@admin.register(ReportedInterest)
class ReportedInterestAdmin(CountryNameSearchMixin, GuardedHistoryAdmin):
    """States reported as interested in an accord: shown apart from the members, never
    counted. An entity without an ISO code (Somaliland) is named in "entity"."""

    form = TranslatedModelForm

    list_display = ["name", "accord", "date", "note"]
    list_filter = ["accord"]
    search_fields = in_every_language(ReportedInterest, ["entity", "note"], english="column")
    fields = in_every_language(
        ReportedInterest, ["accord", "country", "entity", "date", "date_precision", "note"]
    )
    inlines = [InterestSourceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("accord")
