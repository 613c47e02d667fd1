"""Count every change to the data in the data version (``accords.versioning``), in the same
transaction as the change, whichever way it is written (admin, API, loader, revert, import)."""

from django.db.models.signals import post_delete, post_save

from .models import Accord, Event, InterestSource, Membership, ReportedInterest, Source
from .versioning import bump_version

VERSIONED_MODELS = (Accord, Membership, Event, Source, ReportedInterest, InterestSource)


def _count_change(sender, **kwargs):
    if kwargs.get("raw"):  # loaddata: the fixture brings its own rows
        return
    bump_version()


for _model in VERSIONED_MODELS:
    post_save.connect(_count_change, sender=_model, dispatch_uid=f"version_save_{_model.__name__}")
    post_delete.connect(
        _count_change, sender=_model, dispatch_uid=f"version_delete_{_model.__name__}"
    )
