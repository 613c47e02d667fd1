"""A throttle that counts honestly: one client is one address (the one the site or its trusted
proxies saw, never one the client wrote), every request and every wrong token counts once, also
under concurrency, and the admin login locks out password guessing."""

import http.client
import os
import runpy
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse

from accords.api.throttling import client_address

from .api_helpers import snapshot, token_for
from .conftest import redis_is_reachable
from .factories import make_user

pytestmark = pytest.mark.django_db

LIST = "/api/accords/"
ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def nothing_changes():
    before = snapshot()
    yield
    assert snapshot() == before


@pytest.fixture
def anon_rate(settings):
    """Sets the anonymous API rate for one test, on an empty cache; returns a setter."""

    def set_rate(rate):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": rate},
        }

    cache.clear()
    yield set_rate
    cache.clear()


def statuses(client, count, url=LIST, **extra):
    return [client.get(url, **extra).status_code for _ in range(count)]


# --- Who the client is ----------------------------------------------------------------------


def request_from(remote_addr, forwarded_for=None):
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = remote_addr
    if forwarded_for is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return request


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "client"),
    [
        (0, None, "10.0.0.9"),
        (0, "203.0.113.7", "10.0.0.9"),  # without a trusted proxy, the header is the client's
        (1, None, "10.0.0.9"),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.66, 203.0.113.7", "203.0.113.7"),  # the left part is the client's own
        (2, "198.51.100.66, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (3, "203.0.113.7, 10.0.0.2", "203.0.113.7"),  # fewer hops than proxies: the first
        (1, "2001:DB8::0001", "2001:db8::1"),  # one spelling per address
        (1, "not-an-address", "10.0.0.9"),  # what no proxy writes: the proxy's own address
        (1, "", "10.0.0.9"),
    ],
)
def test_the_client_address_comes_from_the_trusted_proxies_only(
    settings, proxies, forwarded_for, client
):
    settings.TRUSTED_PROXIES = proxies

    assert client_address(request_from("10.0.0.9", forwarded_for)) == client


def settings_under(monkeypatch, **env):
    """timeline.settings as a process started under ``env`` (and no other DJANGO_*) reads it:
    the module run afresh, in this process, with that environment."""
    for name in [k for k in os.environ if k.startswith("DJANGO_")]:
        monkeypatch.delenv(name)
    for name, value in {**env, "DJANGO_DEBUG": "1"}.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "timeline" / "settings.py"), run_name="settings_under_test")


@pytest.mark.parametrize(
    ("env", "proxies"),
    [
        ({}, "0 0"),
        ({"DJANGO_BEHIND_HTTPS_PROXY": "1"}, "1 1"),
        ({"DJANGO_BEHIND_HTTPS_PROXY": "1", "DJANGO_TRUSTED_PROXIES": "2"}, "2 2"),
        ({"DJANGO_BEHIND_HTTPS_PROXY": "1", "DJANGO_TRUSTED_PROXIES": "0"}, "0 0"),
        ({"DJANGO_TRUSTED_PROXIES": "1"}, "1 1"),
    ],
)
def test_trusted_proxies_follow_the_https_proxy_setting_unless_set(monkeypatch, env, proxies):
    read = settings_under(monkeypatch, **env)

    assert f"{read['TRUSTED_PROXIES']} {read['REST_FRAMEWORK']['NUM_PROXIES']}" == proxies


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
def test_trusted_proxies_must_be_a_whole_number(monkeypatch, value):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_TRUSTED_PROXIES must be a whole number"):
        settings_under(monkeypatch, DJANGO_TRUSTED_PROXIES=value)


def test_a_new_x_forwarded_for_is_not_a_new_client(client, anon_rate):
    anon_rate("3/minute")
    with nothing_changes():
        codes = [
            client.get(LIST, headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code
            for i in range(5)
        ]

    assert codes == [200, 200, 200, 429, 429]


def test_behind_one_trusted_proxy_the_address_it_saw_is_the_client(client, anon_rate, settings):
    anon_rate("3/minute")
    settings.TRUSTED_PROXIES = 1
    with nothing_changes():
        same_client = [
            client.get(
                LIST, headers={"X-Forwarded-For": f"198.51.100.{i}, 203.0.113.7"}
            ).status_code
            for i in range(4)
        ]
        other_client = client.get(LIST, headers={"X-Forwarded-For": "203.0.113.8"}).status_code

    assert same_client == [200, 200, 200, 429]
    assert other_client == 200


def test_a_refusal_says_when_to_come_back(client, anon_rate):
    anon_rate("1/minute")
    client.get(LIST)

    response = client.get(LIST)

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"].lower()


def test_the_count_starts_again_when_the_window_ends(client, anon_rate):
    anon_rate("2/second")
    assert statuses(client, 3) == [200, 200, 429]

    threading.Event().wait(1.2)

    assert statuses(client, 1) == [200]


def test_editors_with_a_token_are_not_counted(client, editor, anon_rate):
    anon_rate("2/minute")
    headers = {"Authorization": f"Token {token_for(editor)}"}

    assert statuses(client, 4, headers=headers) == [200] * 4
    assert statuses(client, 3) == [200, 200, 429]


# --- Wrong tokens count against the anonymous budget ----------------------------------------


@pytest.mark.parametrize(
    "authorization",
    ["Token 0123456789abcdef0123456789abcdef01234567", "Token", "Token two words"],
)
def test_wrong_tokens_count_against_the_clients_budget(client, editor, anon_rate, authorization):
    anon_rate("3/minute")
    wrong = {"Authorization": authorization}
    right = {"Authorization": f"Token {token_for(editor)}"}
    elsewhere = {"REMOTE_ADDR": "192.0.2.44"}

    with nothing_changes():
        guesses = statuses(client, 4, headers=wrong)
        anonymous = statuses(client, 1)
        # Spent: a token from this address is not even looked at until the window ends.
        with_the_right_token = statuses(client, 1, headers=right)
        from_elsewhere = statuses(client, 1, headers=wrong, **elsewhere)

    assert guesses == [401, 401, 401, 429]
    assert anonymous == [429]
    assert with_the_right_token == [429]
    assert from_elsewhere == [401]


def test_a_wrong_token_on_a_write_counts_too(client, anon_rate):
    anon_rate("2/minute")
    wrong = {"Authorization": "Token " + "f" * 40}

    with nothing_changes():
        codes = [
            client.post(LIST, {}, content_type="application/json", headers=wrong).status_code
            for _ in range(3)
        ]

    assert codes == [401, 401, 429]


# --- Under concurrency, through a real server -----------------------------------------------


def hammer(live_server, path, count):
    """``count`` requests at once, each from its own thread on its own connection; their
    ``(status, Retry-After)``. The connections are opened first, so that the requests
    themselves arrive together."""
    # Django's test server listens with a queue of 10: connections beyond it wait a second
    # for the kernel to retry. Linux lets a listening socket widen its queue.
    live_server.thread.httpd.socket.listen(count)
    host = urlsplit(live_server.url)
    connections = []
    for _ in range(count):
        connection = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        connection.connect()
        connections.append(connection)
    barrier = threading.Barrier(count)
    results = [None] * count

    def one(i):
        barrier.wait()
        connections[i].request("GET", path)
        response = connections[i].getresponse()
        results[i] = (response.status, response.getheader("Retry-After"))
        response.read()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        for connection in connections:
            connection.close()
    return results


CACHES_UNDER_TEST = {
    "redis": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/3",
    },
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("backend", ["redis", "locmem"])
def test_concurrent_requests_admit_no_more_than_the_limit(live_server, settings, backend):
    if backend == "redis" and not redis_is_reachable():
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail("REQUIRE_REDIS is set but no Redis listens on 127.0.0.1:6379")
        pytest.skip("no Redis on 127.0.0.1:6379 (CI starts one and sets REQUIRE_REDIS=1)")
    settings.CACHES = {"default": CACHES_UNDER_TEST[backend]}
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "20/hour"},
    }
    cache.clear()
    try:
        with nothing_changes():
            results = hammer(live_server, "/api/", 200)
    finally:
        cache.clear()

    codes = [status for status, _retry_after in results]
    assert codes.count(200) == 20, f"{codes.count(200)} of 200 admitted at a limit of 20"
    assert codes.count(429) == 180
    assert all(retry_after for status, retry_after in results if status == 429)


# --- The admin login: django-axes -----------------------------------------------------------


def login(client, username, password, **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        **extra,
    )


def test_repeated_wrong_passwords_lock_the_login_until_an_administrator_resets_it(client):
    make_user("alice", editor=True, is_staff=True)
    with nothing_changes():
        failures = [login(client, "alice", f"guess-{i}").status_code for i in range(5)]
        locked = login(client, "alice", "correct horse battery")

    assert failures == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "5 failed" in page
    assert "60 minutes" in page
    assert "axes_reset" in page

    call_command("axes_reset", verbosity=0)

    assert login(client, "alice", "correct horse battery").status_code == 302


def test_a_lockout_is_per_username_and_address(client):
    make_user("alice", editor=True, is_staff=True)
    make_user("bob", editor=True, is_staff=True)
    for i in range(5):
        # A new X-Forwarded-For does not make a new address (no trusted proxy here).
        login(client, "alice", f"guess-{i}", headers={"X-Forwarded-For": f"198.51.100.{i}"})

    assert login(client, "alice", "correct horse battery").status_code == 429
    assert login(client, "bob", "correct horse battery").status_code == 302
    client.logout()
    elsewhere = login(client, "alice", "correct horse battery", REMOTE_ADDR="192.0.2.44")
    assert elsewhere.status_code == 302


def test_an_administrator_sees_and_lifts_lockouts_in_the_admin(client):
    make_user("alice", editor=True, is_staff=True)
    for i in range(5):
        login(client, "alice", f"guess-{i}")
    admin = User.objects.create_superuser("root", password="another long passphrase")
    client.force_login(admin)

    attempts = client.get(reverse("admin:axes_accessattempt_changelist"))

    assert attempts.status_code == 200
    assert "alice" in attempts.content.decode()
