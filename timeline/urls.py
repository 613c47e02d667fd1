"""The site's addresses: reader pages at the root in English and under ``/id/`` and ``/ar/`` in
Indonesian and Arabic, the editors' admin, the JSON API and the language switcher (one address
each, whatever the language)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import exports, feeds, languages, states, views

reader_patterns = [
    path("", views.home, name="home"),
    path("feed.atom", feeds.EventFeed(), name="feed"),
    path("changes/", states.recent_changes, name="changes"),
    path("states/<str:country>/", states.state_detail, name="state"),
    path("states/<str:country>/feed.atom", feeds.StateFeed(), name="state_feed"),
    path("accords/<slug:slug>/feed.atom", feeds.AccordFeed(), name="accord_feed"),
    path("accords/<slug:slug>/", views.accord_detail, name="accord"),
    path("accords/<slug:slug>/embed/", views.embed, name="embed"),
    path("accords/<slug:slug>/figure.json", views.figure, name="figure"),
    path("accords/<slug:slug>/chart.svg", views.chart_svg, name="chart_svg"),
    path("accords/<slug:slug>/chart.png", views.chart_png, name="chart_png"),
    path("accords/<slug:slug>/events.csv", exports.events_csv, name="events_csv"),
    path("accords/<slug:slug>/states.csv", exports.states_csv, name="states_csv"),
    path("accords/<slug:slug>/panel/", views.panel, name="panel"),
    path("accords/<slug:slug>/<str:country>/", views.membership_detail, name="membership"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("language/<str:code>/", languages.choose_language, name="choose_language"),
    path("api/", include("accords.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include((reader_patterns, "timeline"))),
    prefix_default_language=False,
)
