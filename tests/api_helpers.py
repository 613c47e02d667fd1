"""Helpers shared by the API tests: tokens, request shortcuts and a valid event to post."""

import copy
import json

from rest_framework.authtoken.models import Token

from accords.models import Accord, Event, Membership, Source

#: A valid new event: Kazakhstan's signing, after its announcement on 6 November 2025.
KZ_SIGNING = {
    "accord": "abraham-accords",
    "country": "KZ",
    "kind": "signed",
    "date": "2025-12-10",
    "date_precision": "day",
    "title": "Kazakhstan signed the Abraham Accords Declaration",
    "place": "Washington",
    "sources": [
        {
            "publisher": "Reuters",
            "title": "Kazakhstan signs on to the Abraham Accords",
            "url": "https://example.org/kz-signs",
            "published_on": "2025-12-10",
        }
    ],
}


def kz_signing(**changes):
    """The valid signing above, with some fields changed."""
    payload = copy.deepcopy(KZ_SIGNING)
    payload.update(changes)
    return payload


def token_for(user) -> str:
    """The user's API token, as ``manage.py drf_create_token`` makes it."""
    return Token.objects.get_or_create(user=user)[0].key


def send(client, method, url, data=None, token=None, **extra):
    """A JSON request, with ``Authorization: Token <token>`` when a token is given."""
    headers = {"Authorization": f"Token {token}"} if token else {}
    body = json.dumps(data) if data is not None else ""
    return getattr(client, method.lower())(
        url, body, content_type="application/json", headers=headers, **extra
    )


def snapshot():
    """Everything an API write could change, to show that a refused one changed nothing."""
    return {
        "accords": list(Accord.objects.order_by("pk").values()),
        "memberships": list(Membership.objects.order_by("pk").values()),
        "events": list(Event.objects.order_by("pk").values()),
        "sources": list(Source.objects.order_by("pk").values()),
    }


def kz(client, **params):
    """Kazakhstan's membership as the API lists it."""
    response = client.get("/api/memberships/", {"country": "KZ", **params})
    assert response.status_code == 200
    [membership] = response.json()["results"]
    return membership
