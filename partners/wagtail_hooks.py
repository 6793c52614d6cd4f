"""Partner organisations and their members in the Wagtail admin (menu Partenaires)."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from core.admin import FrenchIndexView
from courses.models import PartnerOrganisation
from partners import admin_views


class PartnerOrganisationEditView(EditView):
    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Inviter un membre par e-mail"),
                url=reverse(
                    "wagtailsnippets_courses_partnerorganisation:invite", args=[self.object.pk]
                ),
                icon_name="mail",
            ),
        ]


class PartnerOrganisationViewSet(SnippetViewSet):
    model = PartnerOrganisation
    url_prefix = "snippets/certificates/partnerorganisation"  # its address before the model moved
    icon = "group"
    menu_label = _("Partenaires")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "kind", "town", "referral_code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "town", "referral_code"]
    edit_view_class = PartnerOrganisationEditView
    index_view_class = FrenchIndexView  # "oui" / "non" for "active"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/inviter/", admin_views.InviteMemberView.as_view(), name="invite"),
        ]


register_snippet(PartnerOrganisationViewSet)
