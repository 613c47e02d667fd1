"""Where the domain's objects are shown on the site.

The domain (``accords``) knows nothing of the site's addresses; the site says where each
object's page is, through Django's ``ABSOLUTE_URL_OVERRIDES`` (timeline/settings.py), so that
``get_absolute_url()`` (templates, feeds, the admin's "View on site") keeps working.
"""

from django.urls import reverse


def accord_url(accord) -> str:
    """The accord's timeline page."""
    return reverse("timeline:accord", kwargs={"slug": accord.slug})


def membership_url(membership) -> str:
    """One state's events in one accord."""
    return reverse(
        "timeline:membership",
        kwargs={"slug": membership.accord.slug, "country": membership.country.code},
    )


#: ``ABSOLUTE_URL_OVERRIDES``: the domain's models and their pages on the site.
ABSOLUTE_URLS = {"accords.accord": accord_url, "accords.membership": membership_url}
