"""Create the Editors group with exactly the permissions editors need."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_GROUP = "Editors"
# Frozen copy of accords.editors.EDITOR_PERMISSIONS as it stood when this migration was written.
EDITOR_PERMISSIONS = {
    "accord": ("view", "add", "change"),
    "membership": ("view", "add", "change", "delete"),
    "event": ("view", "add", "change", "delete"),
    "source": ("view", "add", "change", "delete"),
}


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make them now.
    accords_config = apps.get_app_config("accords")
    accords_config.models_module = True
    create_permissions(accords_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    accords_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.using(schema_editor.connection.alias).get_or_create(
        name=EDITORS_GROUP
    )
    codenames = [
        f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions
    ]
    permissions = Permission.objects.using(schema_editor.connection.alias).filter(
        content_type__app_label="accords", codename__in=codenames
    )
    group.permissions.set(permissions)


def remove_editors_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accords", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
