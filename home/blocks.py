"""StreamField blocks shared by the site's pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

AUDIENCE_ICONS = [
    ("jobseekers", _("Recherche d'emploi")),
    ("artisans", _("Artisanat")),
    ("shopkeepers", _("Commerce")),
    ("everyone", _("Tout le monde")),
]

# Entry point -> the catalogue's audience filter value (courses.choices.Audience).
AUDIENCE_FILTERS = {
    "jobseekers": "demandeurs-emploi",
    "artisans": "artisans",
    "shopkeepers": "commercants",
    "everyone": "tous",
}

PLACE_KINDS = [
    ("station", _("Station Numixs")),
    ("faclab", _("FacLab Numixs")),
    ("lab", _("Numixs Lab (véhicule)")),
    ("partner", _("Lieu partenaire")),
]


class EntryPointBlock(blocks.StructBlock):
    """A large tile on the home page that sends one audience to what is for them."""

    icon = blocks.ChoiceBlock(choices=AUDIENCE_ICONS, label=_("public"))
    title = blocks.CharBlock(
        label=_("titre"),
        max_length=60,
        help_text=_("Court et direct, par ex. « Je cherche un emploi »."),
    )
    text = blocks.TextBlock(
        label=_("texte"), max_length=240, help_text=_("Une ou deux phrases simples.")
    )
    page = blocks.PageChooserBlock(
        label=_("page de destination"),
        required=False,
        help_text=_("Laissez vide pour ouvrir le catalogue filtré pour ce public."),
    )
    link_label = blocks.CharBlock(label=_("texte du lien"), max_length=60)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["catalogue_query"] = f"public={AUDIENCE_FILTERS[value['icon']]}"
        return context

    class Meta:
        icon = "user"
        label = _("Entrée par public")
        template = "components/entry_point.html"


class PlaceBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=PLACE_KINDS, label=_("type de lieu"))
    name = blocks.CharBlock(label=_("nom"), max_length=80)
    text = blocks.TextBlock(label=_("description"), max_length=400)
    address = blocks.CharBlock(label=_("adresse ou tournée"), max_length=160, required=False)

    class Meta:
        icon = "site"
        label = _("Lieu")
        template = "components/place.html"


class BodyStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("intertitre"), form_classname="title", template="components/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("paragraphe"),
        features=["bold", "italic", "link", "ol", "ul", "document-link"],
    )

    class Meta:
        label = _("contenu")
