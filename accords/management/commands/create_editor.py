import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accords.editors import EDITORS_GROUP


class Command(BaseCommand):
    help = (
        "Create an editor: a staff user in the Editors group, who may log in to /admin/ and "
        "write through the API. Asks for the password, or reads EDITOR_PASSWORD with --noinput. "
        "An existing user is added to the group and given staff status; their password is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not prompt; take the password from the EDITOR_PASSWORD variable.",
        )

    @transaction.atomic
    def handle(self, *args, username, email, interactive, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=email)
            password = self._password(user, interactive)
            user.set_password(password)
            created = True
        else:
            created = False
        user.is_staff = True
        user.save()
        group = Group.objects.filter(name=EDITORS_GROUP).first()
        if group is None:
            raise CommandError(f"There is no {EDITORS_GROUP!r} group: run `manage.py migrate`.")
        user.groups.add(group)
        verb = "Created" if created else "Updated"
        if user.is_active:
            self.stdout.write(f"{verb} editor {username!r}; they can log in at /admin/.")
        else:
            self.stdout.write(f"{verb} editor {username!r}, but the account is inactive.")

    def _password(self, user, interactive):
        if not interactive:
            password = os.environ.get("EDITOR_PASSWORD", "")
            if not password:
                raise CommandError("Set EDITOR_PASSWORD to create an editor with --noinput.")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        return password
