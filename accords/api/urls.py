"""The JSON API under /api/: the endpoints, the OpenAPI schema and its documentation pages
(served from the drf-spectacular sidecar's static files, never a CDN), and a health check."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import states, views


# No namespace: the site's pages link to the API root as "api-root".
class Router(DefaultRouter):
    APIRootView = views.ApiRootView


router = Router()
router.register("accords", views.AccordViewSet, basename="accord")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("events", views.EventViewSet, basename="event")
router.register("interests", views.ReportedInterestViewSet, basename="interest")

urlpatterns = [
    path("health/", views.health, name="api-health"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", views.SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", views.RedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("states/<str:code>/", states.StateView.as_view(), name="api-state"),
    path("", include(router.urls)),
]
