from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting, register_setting

from core.identifiers import digits_only, format_nda, format_siret, validate_nda, validate_siret
from core.pdf import image_data_uri
from core.storage import private_storage
from core.widgets import PrivateImageInput


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


STAMP_MAX_BYTES = 2 * 1024 * 1024


def validate_stamp_size(file):
    if file and file.size > STAMP_MAX_BYTES:
        raise ValidationError(
            _("L'image pèse plus de 2 Mo : enregistrez-la en plus petit (PNG ou JPEG).")
        )


@register_setting(icon="site")
class ProviderSettings(BaseGenericSetting):
    """The training provider's legal identity, printed on certificates and attendance sheets.

    One organisation runs every site, hence a generic setting (PDFs are rendered by
    background tasks that have no request, hence no site either).
    """

    legal_name = models.CharField(
        _("raison sociale"),
        max_length=200,
        default="Numixs — Communauté d'agglomération Roissy Pays de France",
    )
    address = models.TextField(
        _("adresse du siège"),
        default="Station Numixs\n12 avenue du 8 Mai 1945\n95200 Sarcelles",
        help_text=_("Une ligne par ligne d'adresse."),
    )
    siret = models.CharField(
        _("SIRET"),
        max_length=20,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 chiffres, les espaces sont acceptés (extrait Kbis, avis Sirene)."),
    )
    activity_declaration = models.CharField(
        _("numéro de déclaration d'activité (NDA)"),
        max_length=20,
        blank=True,
        validators=[validate_nda],
        help_text=_("11 chiffres, donnés par la préfecture de région."),
    )
    declaration_region = models.CharField(
        _("région de la déclaration"),
        max_length=80,
        default="d'Île-de-France",
        help_text=_(
            "Tel qu'écrit après « auprès du préfet de région » : d'Île-de-France, "
            "des Hauts-de-France, de Normandie…"
        ),
    )
    representative_name = models.CharField(
        _("représentant(e) légal(e)"), max_length=120, default="Claire Dubois"
    )
    representative_title = models.CharField(
        _("fonction du (de la) représentant(e) légal(e)"),
        max_length=120,
        default="Directrice du réseau Numixs",
    )
    # Private storage: a signature image has no business at a public URL. The PDFs
    # embed it as a data: URI (core.pdf.image_data_uri).
    stamp = models.ImageField(
        _("cachet et signature"),
        upload_to="provider/",
        storage=private_storage,
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_stamp_size],
        help_text=_(
            "Image PNG ou JPEG du cachet de l'organisme avec la signature du (de la) "
            "représentant(e) légal(e), fond blanc ou transparent, 2 Mo au plus. "
            "Elle est imprimée dans le cadre « Cachet et signature » des documents."
        ),
    )

    panels = [
        MultiFieldPanel([FieldPanel("legal_name"), FieldPanel("address")], heading=_("Organisme")),
        MultiFieldPanel(
            [
                FieldPanel("siret"),
                FieldPanel("activity_declaration"),
                FieldPanel("declaration_region"),
            ],
            heading=_("Immatriculation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("representative_name"),
                FieldPanel("representative_title"),
                FieldPanel("stamp", widget=PrivateImageInput),
            ],
            heading=_("Représentant(e) légal(e)"),
        ),
    ]

    class Meta:
        verbose_name = _("organisme de formation")

    def save(self, *args, **kwargs):
        self.siret = digits_only(self.siret)
        self.activity_declaration = digits_only(self.activity_declaration)
        super().save(*args, **kwargs)

    @property
    def siret_display(self):
        return format_siret(digits_only(self.siret))

    @property
    def activity_declaration_display(self):
        return format_nda(digits_only(self.activity_declaration))

    @property
    def address_lines(self):
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    def stamp_data_uri(self):
        """The stamp for a PDF, read from storage (no URL, no network)."""
        return image_data_uri(self.stamp)
