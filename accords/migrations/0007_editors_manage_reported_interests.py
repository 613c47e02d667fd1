"""Editors may record the states reported as interested, with their sources."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_GROUP = "Editors"
# Frozen: the permissions this migration adds.
CODENAMES = [
    f"{action}_{model}"
    for model in ("reportedinterest", "interestsource")
    for action in ("view", "add", "change", "delete")
]


def grant(apps, schema_editor):
    accords_config = apps.get_app_config("accords")
    accords_config.models_module = True
    create_permissions(accords_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    accords_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="accords", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=EDITORS_GROUP):
        group.permissions.remove(*Permission.objects.filter(codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("accords", "0006_sources_with_web_addresses_and_reported_interests")]

    operations = [migrations.RunPython(grant, revoke)]
