"""The Editors group: the people who may change the data, in the admin and through the API."""

EDITORS_GROUP = "Editors"

#: What editors may do, as (model, actions). They record and correct accords, memberships,
#: events and sources, and the states reported as interested; they may not delete a whole
#: accord (that would take every membership with it), and they manage no users.
EDITOR_PERMISSIONS = {
    "accord": ("view", "add", "change"),
    "membership": ("view", "add", "change", "delete"),
    "event": ("view", "add", "change", "delete"),
    "source": ("view", "add", "change", "delete"),
    "reportedinterest": ("view", "add", "change", "delete"),
    "interestsource": ("view", "add", "change", "delete"),
}


def is_editor(user) -> bool:
    """True for active members of the Editors group, and for superusers."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.groups.filter(name=EDITORS_GROUP).exists()
