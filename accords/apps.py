from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccordsConfig(AppConfig):
    name = "accords"
    verbose_name = _("Accords and memberships")

    def ready(self):
        from . import signals  # noqa: F401  (connects the status-refresh receivers)
