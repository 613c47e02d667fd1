"""The first view's weight: what a phone downloads before the reader touches anything (the
page, compressed as a browser asks for it, and its scripts, styles and images; Plotly is not
among them: it loads on the first interaction). Budget from issue 9, measured in production
by ``bench/lighthouse.sh``: at most 150 KB compressed, for the home page and for NATO, the
accord of most rows."""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from .conftest import load_seed

FIRST_VIEW_BUDGET = 150_000


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def first_view_bytes(client, path):
    """``(total, parts)``: the compressed bytes of the page at ``path`` and of each static
    file it loads at once, as ``{name: bytes}``."""
    response = client.get(path, follow=True, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    body = response.content
    html = gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body
    parts = {path: compressed(html)}
    assets = set(re.findall(rb'(?:src|href)="/static/([^"?]+\.(?:js|css|svg))"', html))
    for asset in sorted(assets):
        found = finders.find(asset.decode())
        assert found, asset
        parts[asset.decode()] = compressed(Path(found).read_bytes())
    return sum(parts.values()), parts


@pytest.mark.parametrize("path, accord", [("/", "abraham-accords"), ("/accords/nato/", "nato")])
def test_the_first_view_stays_within_the_page_weight_budget(client, db, path, accord):
    load_seed(accord)

    total, parts = first_view_bytes(client, path)

    assert "js/timeline.js" in parts  # the small script is counted
    assert not any("plotly" in name for name in parts)  # Plotly waits for the reader
    assert total <= FIRST_VIEW_BUDGET, parts
