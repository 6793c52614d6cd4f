"""Staff actions on partner organisations in the Wagtail admin: inviting a member."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.models import PartnerOrganisation
from partners.invitations import InvitationError, invite_member


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Adresse e-mail"))
    first_name = forms.CharField(label=gettext_lazy("Prénom"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Nom"), max_length=150, required=False)


class InviteMemberView(WagtailAdminTemplateMixin, TemplateView):
    """Invite a person into a partner organisation by e-mail (a link to choose a password)."""

    template_name = "partners/admin/invite.html"
    page_title = gettext_lazy("Inviter un membre")
    header_icon = "mail"

    def dispatch(self, request, pk):
        if not request.user.has_perm("courses.change_partnerorganisation"):
            return permission_denied(request)
        self.organisation = get_object_or_404(PartnerOrganisation, pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.organisation)

    def get(self, request, pk, form=None, error=None):
        return self.render_to_response(
            self.get_context_data(
                organisation=self.organisation, form=form or InviteForm(), error=error
            )
        )

    def post(self, request, pk):
        form = InviteForm(request.POST)
        if not form.is_valid():
            return self.get(request, pk, form=form)
        try:
            user, created = invite_member(
                self.organisation, actor=request.user, **form.cleaned_data
            )
        except InvitationError as error:
            return self.get(request, pk, form=form, error=error.message)
        messages.success(
            request,
            (
                _("Invitation envoyée à %(email)s : un lien pour choisir son mot de passe.")
                if created
                else _("%(email)s a déjà un compte : ajouté(e) à la structure et prévenu(e).")
            )
            % {"email": user.email},
        )
        return redirect("wagtailsnippets_courses_partnerorganisation:edit", self.organisation.pk)
