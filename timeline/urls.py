"""The site's addresses: reader pages at the root, the editors' admin, and the JSON API."""

from django.contrib import admin
from django.urls import include, path

from . import views

reader_patterns = [
    path("", views.home, name="home"),
    path("accords/<slug:slug>/", views.accord_detail, name="accord"),
    path("accords/<slug:slug>/<str:country>/", views.membership_detail, name="membership"),
]

urlpatterns = [
    path("", include((reader_patterns, "timeline"))),
    path("admin/", admin.site.urls),
    path("api/", include("accords.api.urls")),
]
