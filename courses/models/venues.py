from urllib.parse import quote_plus

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from core.communes import WithInseeCode
from courses.choices import CoopTheme, VenueKind


class Topic(index.Indexed, models.Model):
    """A theme of the catalogue ("Démarches en ligne", "Vendre en ligne"…), edited by staff."""

    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(
        _("identifiant dans l'adresse"),
        max_length=80,
        unique=True,
        help_text=_("Apparaît dans les liens filtrés : ne le changez pas."),
    )

    coop_theme = models.CharField(
        _("thématique pour La Coop de la médiation numérique"),
        max_length=40,
        choices=CoopTheme.choices,
        blank=True,
        help_text=_("Le thème de La Coop sous lequel ses ateliers sont comptés."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("coop_theme")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def __str__(self):
        return self.name


class Venue(index.Indexed, WithInseeCode):
    """Where sittings take place: our places, a Numixs Lab stop, a partner's room."""

    name = models.CharField(
        _("nom"),
        max_length=120,
        help_text=_("Par ex. « Médiathèque Aimé Césaire » ou « Place du marché »."),
    )
    kind = models.CharField(_("type de lieu"), max_length=20, choices=VenueKind.choices)
    address = models.CharField(_("adresse"), max_length=200)
    postcode = models.CharField(_("code postal"), max_length=5)
    town = models.CharField(_("commune"), max_length=80, db_index=True)
    reduced_mobility_access = models.BooleanField(
        _("accessible en fauteuil roulant"),
        default=False,
        help_text=_("Entrée de plain-pied ou ascenseur, toilettes adaptées."),
    )
    access_notes = models.TextField(_("précisions sur l'accessibilité"), blank=True)
    public_transport = models.TextField(
        _("transports en commun"), blank=True, help_text=_("Lignes et arrêts les plus proches.")
    )
    opening_notes = models.TextField(
        _("informations pratiques"), blank=True, help_text=_("Horaires, interphone, où se garer…")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("postcode"), FieldPanel("town")],
            heading=_("Adresse"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("reduced_mobility_access"),
                FieldPanel("access_notes"),
                FieldPanel("public_transport"),
                FieldPanel("opening_notes"),
            ],
            heading=_("Accès"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("town"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["town", "name"]
        verbose_name = _("lieu de formation")
        verbose_name_plural = _("lieux de formation")

    def __str__(self):
        return f"{self.name} ({self.town})"

    @property
    def full_address(self):
        return f"{self.address}, {self.postcode} {self.town}"

    @property
    def map_url(self):
        """A link to the address on OpenStreetMap (a link only: no third-party map embedded)."""
        return "https://www.openstreetmap.org/search?query=" + quote_plus(self.full_address)
