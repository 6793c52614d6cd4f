from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="mail")
class ContactSettings(BaseSiteSetting):
    """How people reach the centre: shown in the footer, on the home page and on error pages."""

    phone = models.CharField(
        _("téléphone"),
        max_length=30,
        default="01 99 00 12 34",
        help_text=_("Le numéro que les apprenants peuvent appeler, écrit comme à l'oral."),
    )
    email = models.EmailField(_("adresse e-mail"), default="formations@numixs.example")
    address = models.TextField(
        _("adresse"),
        default="Station Numixs\n12 avenue du 8 Mai 1945\n95200 Sarcelles",
        help_text=_("Une ligne par ligne d'adresse."),
    )
    opening_hours = models.CharField(
        _("horaires d'accueil"),
        max_length=200,
        default="Du lundi au vendredi, de 9 h à 12 h 30 et de 14 h à 17 h 30",
    )

    panels = [
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("address"),
        FieldPanel("opening_hours"),
    ]

    class Meta:
        db_table = "home_contactsettings"  # created by the home app: the rows stayed
        verbose_name = _("contact")

    @property
    def phone_href(self):
        """The number as a tel: link target (digits and a leading + only)."""
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}"
