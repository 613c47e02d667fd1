"""Project-wide promises: production settings are safe, and the layering rule holds."""

import ast
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_the_domain_never_imports_the_site():
    offenders = []
    for path in (ROOT / "accords").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "timeline"
            ]
    assert offenders == []


def redis_is_reachable():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


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
