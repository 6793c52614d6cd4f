"""A learner's rights, from their page in the admin: export their data, erase them.

Both are written to the audit trail. The rules live in home.privacy.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.audit import record
from courses.models import Learner
from home import privacy

PERMISSION = "courses.change_learner"


def _learner_or_denied(request, pk):
    if not request.user.has_perm(PERMISSION):
        return None, permission_denied(request)
    return get_object_or_404(Learner, pk=pk), None


def export_learner(request, pk, kind):
    """The learner's data as JSON (complete) or CSV (for a spreadsheet), to hand to them."""
    learner, denied = _learner_or_denied(request, pk)
    if denied:
        return denied
    if kind not in ("json", "csv"):
        return HttpResponse(status=404)
    if kind == "json":
        body, content_type = privacy.learner_json(learner).encode(), "application/json"
    else:
        body, content_type = privacy.learner_csv(learner), "text/csv; charset=utf-8"
    record(learner, "numixs.learner.export", user=request.user, format=kind)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="donnees-personnelles-apprenant-{learner.pk}.{kind}"'
    )
    response["Cache-Control"] = "no-store"
    return response


class EraseLearnerView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then anonymise the person (home.privacy.erase_learner)."""

    template_name = "home/admin/erase_learner.html"
    header_icon = "bin"
    page_title = gettext_lazy("Effacer les données personnelles")

    def dispatch(self, request, pk):
        self.learner, denied = _learner_or_denied(request, pk)
        return denied or super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.learner)

    def post(self, request, pk):
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Cochez la case de confirmation : rien n'a été effacé."))
            return redirect(request.path)
        kept = privacy.erase_learner(self.learner.pk, actor=request.user)
        messages.success(
            request,
            _(
                "Données effacées. Le nom reste sur les feuilles d'émargement et les "
                "attestations tant que la loi oblige à les garder, puis il sera effacé."
            )
            if kept
            else _("Données effacées : la personne est anonymisée."),
        )
        return redirect(reverse("wagtailsnippets_courses_learner:edit", args=[self.learner.pk]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            learner=self.learner,
            keeps_name=privacy.has_evidence_to_keep(self.learner),
            upcoming=self.learner.enrolments.exclude(status="cancelled").select_related(
                "session__course"
            ),
            back_url=reverse("wagtailsnippets_courses_learner:edit", args=[self.learner.pk]),
        )
        return context
