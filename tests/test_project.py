"""Project-wide promises: production settings are safe, and the layering rule holds."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from accords.models import Accord, Membership, Role

from .conftest import redis_is_reachable

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    environment["DJANGO_SETTINGS_MODULE"] = "timeline.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_defaults_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-key-9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1",
        DJANGO_ALLOWED_HOSTS="treaties.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    server = subprocess.run(
        [sys.executable, "-c", "import timeline.wsgi"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert server.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in server.stderr
    assert "DJANGO_SECRET_KEY is not set" in run_manage("check", DJANGO_DEBUG="0").stderr


def test_no_model_change_is_missing_its_migration():
    # No DJANGO_ variable at all: manage.py works in development mode out of the box.
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def imported_modules(path: Path) -> list[str]:
    """Every module a Python file imports (``from x import y`` counts as ``x``; a relative
    import counts as the absolute name it stands for)."""
    package = ".".join(path.relative_to(ROOT).parent.parts)
    modules = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level:
            base = package.rsplit(".", node.level - 1)[0]
            modules.append(f"{base}.{node.module}" if node.module else base)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.append(node.module)
    return modules


def domain_files(*suffixes: str):
    return [
        path
        for path in (ROOT / "accords").rglob("*")
        if path.suffix in suffixes and "migrations" not in path.parts
    ]


def test_the_domain_never_imports_the_site():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in domain_files(".py")
        for module in imported_modules(path)
        if module.split(".")[0] == "timeline"
    ]
    assert offenders == []


#: A URL name of the site's pages in Python (``reverse("timeline:accord")``, ``"timeline:x"``)
#: or in a template (``{% url 'timeline:accord' %}``).
SITE_URL_NAME = re.compile(r"""["']timeline:[\w-]+["']|\{%\s*url\s+["']timeline:""")


def test_the_domain_never_names_the_sites_addresses():
    # The site says where an accord or a membership is shown (timeline/links.py, through
    # ABSOLUTE_URL_OVERRIDES); the domain reverses no URL name of the site's pages.
    offenders = [
        f"{path.relative_to(ROOT)}: {match}"
        for path in domain_files(".py", ".html", ".txt")
        for match in SITE_URL_NAME.findall(path.read_text())
    ]
    assert offenders == []
    assert SITE_URL_NAME.findall("""reverse("timeline:membership", kwargs=k)""")
    assert SITE_URL_NAME.findall("""<a href="{% url 'timeline:accord' a.slug %}">""")


#: What the chart modules (the package timeline/charts/) may build on: each other, the status
#: rule, the date helpers, Plotly, Django's text helpers and the standard library. No model, no
#: request, no other page.
CHART_MAY_IMPORT = {"accords.status", "accords.dates", "plotly.graph_objects", "timeline.charts"}
CHART_MODULES = sorted((ROOT / "timeline" / "charts").glob("*.py"))


def test_the_chart_module_depends_on_the_status_rule_and_the_dates_only():
    assert len(CHART_MODULES) > 1
    offenders = [
        f"{path.name}: {module}"
        for path in CHART_MODULES
        for module in imported_modules(path)
        if module not in CHART_MAY_IMPORT
        and not module.startswith(("django.utils.", "timeline.charts."))
        and module.split(".")[0] not in sys.stdlib_module_names
    ]
    assert offenders == []


def test_pages_of_the_domains_objects_are_where_the_site_says(client, editor):
    accord = Accord.objects.create(slug="abraham-accords", name="Abraham Accords")
    membership = Membership.objects.create(accord=accord, country="AE", role=Role.PARTY)
    client.force_login(editor)

    assert accord.get_absolute_url() == "/accords/abraham-accords/"
    assert membership.get_absolute_url() == "/accords/abraham-accords/AE/"
    # The admin's "View on site" link still leads there.
    change_page = client.get(reverse("admin:accords_membership_change", args=[membership.pk]))
    view_on_site = re.search(r'href="(/admin/r/[^"]+)"', change_page.content.decode())
    assert view_on_site, "no View on site link"
    assert client.get(view_on_site.group(1))["Location"].endswith("/accords/abraham-accords/AE/")


def test_redis_url_gives_a_cache_shared_between_processes():
    if not redis_is_reachable():
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail("REQUIRE_REDIS is set but no Redis listens on 127.0.0.1:6379")
        pytest.skip("no Redis on 127.0.0.1:6379 (CI starts one and sets REQUIRE_REDIS=1)")
    env = {"DJANGO_DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/15"}
    write = run_manage(
        "shell",
        "-c",
        "from django.core.cache import cache; cache.set('shared-key', 'from-1', 60)",
        **env,
    )
    assert write.returncode == 0, write.stderr
    read = run_manage(
        "shell",
        "-c",
        "from django.core.cache import caches; "
        "print(type(caches['default']).__name__, caches['default'].get('shared-key'))",
        **env,
    )
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip().splitlines()[-1] == "RedisCache from-1"
