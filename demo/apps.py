from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo site and benchmarks' data (development only): the top layer."""

    name = "demo"
    verbose_name = _("Démonstration")
