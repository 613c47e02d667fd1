"""How the API refuses a write: a Django ``ValidationError`` (from a model's ``full_clean()`` or
the write path) becomes a 400 whose body is keyed by the API's field names, with the same
messages the admin shows."""

from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.settings import api_settings


def api_errors(error: DjangoValidationError, rename=None) -> dict:
    """A Django ``ValidationError`` as the API's 400 body, keyed by the API's field names
    (``rename`` maps model names to them)."""
    rename = rename or {}
    detail = {}
    for name, messages in (
        error.message_dict.items()
        if hasattr(error, "error_dict")
        else [(NON_FIELD_ERRORS, error.messages)]
    ):
        if name == NON_FIELD_ERRORS:
            key = api_settings.NON_FIELD_ERRORS_KEY
        else:
            key = rename.get(name, name)
        detail.setdefault(key, []).extend(messages)
    return detail


@contextmanager
def refusals_as_400(rename=None):
    """Inside, a Django ``ValidationError`` is raised again as the API's 400."""
    try:
        yield
    except DjangoValidationError as error:
        raise serializers.ValidationError(api_errors(error, rename)) from error


def full_clean(instance, exclude=None, rename=None):
    """Run the model's validation (fields, ``clean()``, unique and check constraints) and turn
    its errors into a 400 keyed by the API's field names."""
    with refusals_as_400(rename):
        instance.full_clean(exclude=exclude)


@contextmanager
def conflicts_as_400():
    """Inside, in a transaction, a database constraint that a concurrent write broke after
    validation becomes a 400 rather than a 500."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise serializers.ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: [_("This conflicts with data saved meanwhile.")]}
        ) from error
