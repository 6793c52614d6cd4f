from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.text import terms
from home.blocks import BodyStreamBlock, EntryPointBlock, PlaceBlock


class HomePage(Page):
    """The front page: who the platform is for, where it happens, how to reach us."""

    hero_title = models.CharField(
        _("grand titre"),
        max_length=120,
        help_text=_("La première phrase que lit le visiteur. Simple et concrète."),
    )
    hero_text = models.TextField(
        _("chapeau"),
        max_length=400,
        help_text=_(
            "Deux ou trois phrases : ce que propose Numixs, pour qui, gratuitement ou non."
        ),
    )
    audiences_title = models.CharField(
        _("titre des entrées par public"), max_length=120, default="Vous êtes…"
    )
    audiences = StreamField(
        [("entry_point", EntryPointBlock())],
        blank=True,
        verbose_name=_("entrées par public"),
        help_text=_("Une tuile par public : demandeurs d'emploi, artisans, commerçants, tous."),
    )
    places_title = models.CharField(_("titre des lieux"), max_length=120, default="Nos lieux")
    places = StreamField([("place", PlaceBlock())], blank=True, verbose_name=_("lieux"))
    contact_title = models.CharField(
        _("titre du contact"), max_length=120, default="Une question ? Appelez-nous"
    )
    contact_text = models.TextField(
        _("texte du contact"),
        blank=True,
        help_text=_("Les coordonnées viennent de Paramètres > Contact."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_text")], heading=_("Accueil")),
        MultiFieldPanel(
            [FieldPanel("audiences_title"), FieldPanel("audiences")], heading=_("Publics")
        ),
        MultiFieldPanel([FieldPanel("places_title"), FieldPanel("places")], heading=_("Lieux")),
        MultiFieldPanel(
            [FieldPanel("contact_title"), FieldPanel("contact_text")], heading=_("Contact")
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("hero_text")]

    template = "pages/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.StandardPage", "courses.CataloguePage"]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")


class StandardPage(Page):
    """A general content page: about, a place, contact, legal notice, accessibility."""

    intro = models.TextField(
        _("introduction"),
        max_length=500,
        blank=True,
        help_text=_("Une ou deux phrases qui résument la page."),
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("search_terms_title", boost=3),
        index.SearchField("search_terms_body"),
    ]

    def search_terms_title(self):
        return " ".join(terms(self.title))

    def search_terms_body(self):
        body = " ".join(self.body.stream_block.get_searchable_content(self.body))
        return " ".join(terms(strip_tags(f"{self.intro} {body}")))

    template = "pages/standard_page.html"
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage", "courses.CataloguePage"]

    class Meta:
        verbose_name = _("page de contenu")
        verbose_name_plural = _("pages de contenu")
