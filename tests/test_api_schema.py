"""The OpenAPI schema, the documentation pages (served from our own static files), and the
anonymous throttle."""

import re

import pytest
import yaml
from django.core.cache import cache

pytestmark = pytest.mark.django_db

EXTERNAL = re.compile(r"""(?:src|href)=["'](?:https?:)?//""", re.IGNORECASE)


def test_schema_is_openapi_3_and_documents_every_endpoint_and_its_errors(client):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/accords/",
        "/api/accords/{slug}/",
        "/api/memberships/",
        "/api/memberships/{id}/",
        "/api/events/",
        "/api/events/{id}/",
        "/api/interests/",
        "/api/interests/{id}/",
        "/api/states/{code}/",
    }
    create_event = schema["paths"]["/api/events/"]["post"]
    assert {"201", "400", "401", "403"} <= set(create_event["responses"])
    assert {"200", "400", "404"} <= set(schema["paths"]["/api/events/"]["get"]["responses"])
    assert "404" in schema["paths"]["/api/events/{id}/"]["get"]["responses"]


def test_schema_lists_the_filters_csv_and_the_foundations_vocabulary(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    def parameters(path):
        return {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}

    memberships = parameters("/api/memberships/")
    events = parameters("/api/events/")
    assert {"accord", "country", "status", "role", "as_of", "ordering", "page", "page_size"} <= set(
        memberships
    )
    assert {"accord", "country", "kind", "date_after", "date_before", "format"} <= set(events)
    assert set(events["format"]["schema"]["enum"]) == {"json", "csv"}
    assert memberships["page_size"]["schema"]["maximum"] == 500
    components = schema["components"]["schemas"]
    stages = ["announced", "signed", "ratified", "in_force"]
    assert components["StatusEnum"]["enum"] == [*stages, "suspended", "withdrawn"]
    assert "entered_into_force" in components["KindEnum"]["enum"]
    listing = schema["paths"]["/api/events/"]["get"]["responses"]["200"]["content"]
    assert listing["text/csv"]["schema"]["type"] == "string"


def test_schema_is_also_served_as_yaml(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    assert yaml.safe_load(response.content)["info"]["title"] == "Treaty-membership timeline API"


def test_schema_documents_the_anonymous_throttle(client):
    description = client.get("/api/schema/", {"format": "json"}).json()["info"]["description"]

    assert "API_ANON_THROTTLE" in description
    assert "429" in description


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_documentation_pages_load_only_our_own_static_files(client, path):
    response = client.get(path)

    html = response.content.decode()
    assert response.status_code == 200
    assert not EXTERNAL.search(html), EXTERNAL.findall(html)
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assets = re.findall(r"""(?:src|href)=["'](/static/[^"']+)["']""", html)
    assert any(asset.endswith(".js") for asset in assets)
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_anonymous_clients_are_throttled(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    cache.clear()

    statuses = [client.get("/api/accords/").status_code for _ in range(4)]
    cache.clear()

    assert statuses == [200, 200, 200, 429]


def test_editors_are_not_throttled_as_anonymous_clients(client, editor, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute"},
    }
    cache.clear()
    client.force_login(editor)

    statuses = [client.get("/api/accords/").status_code for _ in range(3)]
    cache.clear()

    assert statuses == [200, 200, 200]


def test_schema_says_why_lists_are_numbered_pages_with_an_exact_count(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    ok = schema["paths"]["/api/events/"]["get"]["responses"]["200"]
    page = ok["content"]["application/json"]["schema"]
    if "$ref" in page:
        page = schema["components"]["schemas"][page["$ref"].rsplit("/", 1)[-1]]

    assert "cursor" in page["description"] and "count" in page["description"]
    assert "exact" in page["properties"]["count"]["description"]
