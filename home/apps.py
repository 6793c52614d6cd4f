from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Accueil et pages")

    def ready(self):
        # Connects the login receiver (which second factor the new session owes).
        from home import accounts  # noqa: F401
