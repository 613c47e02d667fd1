"""Keep each membership's cached status true when events are deleted, one by one or in bulk
(the admin's "delete selected" deletes a queryset, which bypasses ``Event.delete``)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Event, Membership


@receiver(post_delete, sender=Event, dispatch_uid="accords_refresh_status_after_event_delete")
def refresh_status_after_event_delete(sender, instance, **kwargs):
    # Deleting a membership deletes its events too; then there is nothing left to refresh.
    membership = Membership.objects.filter(pk=instance.membership_id).first()
    if membership is not None:
        membership.refresh_status()
