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


def editors_group():
    """The Editors group, made with its permissions if it is missing (a migration makes it; a
    database emptied since, as a test flushes it, has lost it)."""
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=EDITORS_GROUP)
    if created:
        codenames = [
            f"{action}_{model}"
            for model, actions in EDITOR_PERMISSIONS.items()
            for action in actions
        ]
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="accords", codename__in=codenames)
        )
    return group
