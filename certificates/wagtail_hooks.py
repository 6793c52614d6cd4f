"""Partner organisations in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from certificates.models import PartnerOrganisation


class PartnerOrganisationViewSet(SnippetViewSet):
    model = PartnerOrganisation
    icon = "group"
    menu_label = _("Partenaires")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "kind", "town", "referral_code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "town", "referral_code"]


register_snippet(PartnerOrganisationViewSet)
