"""The site's addresses: reader pages at the root, the editors' admin, and the JSON API."""

from django.contrib import admin
from django.urls import include, path

from . import exports, feeds, states, views

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
    path("", include((reader_patterns, "timeline"))),
    path("admin/", admin.site.urls),
    path("api/", include("accords.api.urls")),
]
