from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ProgrammeStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("étape"), max_length=120)
    text = blocks.TextBlock(label=_("contenu"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Étape du programme")
        template = "components/programme_step.html"


class ProgrammeBlock(blocks.StreamBlock):
    step = ProgrammeStepBlock()
    paragraph = blocks.RichTextBlock(
        label=_("paragraphe"), features=["bold", "italic", "link", "ul"]
    )

    class Meta:
        label = _("programme")
