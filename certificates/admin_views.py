"""Staff actions on certificates in the Wagtail admin; the rules stay in certificates.services."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from certificates.documents import DOCUMENTS, context, render_documents, render_pdf
from certificates.models import Certificate, CertificateSettings
from certificates.services import (
    CertificateError,
    issue,
    issue_session,
    revoke,
    session_verdicts,
)
from certificates.views import certificate_response
from core.audit import record
from courses.models import Enrolment, Session

KINDS = {"attestation", "realisation"}


def _can_view(user):
    return user.has_perm("certificates.view_certificate")


def _can_change(user):
    return user.has_perm("certificates.change_certificate")


def download(request, pk, kind):
    if not _can_view(request.user):
        return permission_denied(request)
    if kind not in KINDS:
        raise Http404
    return certificate_response(get_object_or_404(Certificate, pk=pk), kind)


class CertificateActionView(WagtailAdminTemplateMixin, TemplateView):
    """A page about one certificate with a form to confirm an action (staff who may change)."""

    def dispatch(self, request, pk):
        if not _can_change(request.user):
            return permission_denied(request)
        self.certificate = get_object_or_404(Certificate, pk=pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(certificate=self.certificate, **kwargs)

    def done(self, message):
        messages.success(self.request, message)
        return redirect("wagtailsnippets_certificates_certificate:inspect", self.certificate.pk)


class RerenderView(CertificateActionView):
    """Make the PDFs again (after the signatory or the template changed)."""

    template_name = "certificates/admin/rerender.html"
    page_title = gettext_lazy("Produire à nouveau les PDF")
    header_icon = "doc-full"

    def post(self, request, pk):
        render_documents(self.certificate)
        record(self.certificate, "numixs.certificate.render", user=request.user)
        return self.done(_("Les PDF de l'attestation ont été produits à nouveau."))


class RevokeView(CertificateActionView):
    template_name = "certificates/admin/revoke.html"
    page_title = gettext_lazy("Révoquer une attestation")
    header_icon = "warning"

    def post(self, request, pk):
        reason = request.POST.get("reason", "")
        try:
            revoke(self.certificate.pk, actor=request.user, reason=reason)
        except CertificateError as error:
            return self.render_to_response(
                self.get_context_data(error=error.message, reason=reason)
            )
        return self.done(
            _("L'attestation %(number)s est révoquée.") % {"number": self.certificate.number}
        )


class IssueSessionView(WagtailAdminTemplateMixin, TemplateView):
    """A finished session's certificates: first a table of each person (hours attended,
    rate, threshold, what becomes of them and why), then issuing what was earned.

    The answer for each person is `certificates.services.verdict`, the same one the
    issuing, the background task and `seed_demo` go by.
    """

    template_name = "certificates/admin/issue_session.html"
    page_title = gettext_lazy("Délivrer les attestations")
    header_icon = "doc-full"

    def dispatch(self, request, pk):
        if not _can_change(request.user):
            return permission_denied(request)
        self.session = get_object_or_404(Session.objects.select_related("course", "venue"), pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.session)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailsnippets_courses_session:list"), "label": _("Sessions")},
            {
                "url": reverse(
                    "wagtailsnippets_courses_session:enrolments", args=[self.session.pk]
                ),
                "label": str(self.session),
            },
            {"url": "", "label": _("Délivrer les attestations")},
        ]

    def post(self, request, pk):
        if not self.session.is_finished():
            messages.error(
                request,
                _("La session n'est pas terminée : les attestations se délivrent après."),
            )
            return redirect(request.path)
        issued, skipped = issue_session(self.session.pk, actor=request.user)
        messages.success(
            request,
            _(
                "%(issued)d attestation(s) délivrée(s) ; %(skipped)d personne(s) sans nouvelle "
                "attestation : la raison est donnée pour chacune ci-dessous."
            )
            % {"issued": len(issued), "skipped": len(skipped)},
        )
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        verdicts = session_verdicts(self.session.pk)
        return super().get_context_data(
            session=self.session,
            finished=self.session.is_finished(),
            verdicts=verdicts,
            eligible=sum(1 for answer in verdicts if answer.eligible),
            threshold=self.session.course.completion_threshold,
            enrolments_url=reverse(
                "wagtailsnippets_courses_session:enrolments", args=[self.session.pk]
            ),
            **kwargs,
        )


def issue_for_enrolment(request, pk):
    """Issue one certificate; below the threshold only with a written reason."""
    if request.method != "POST" or not _can_change(request.user):
        return permission_denied(request)
    enrolment = get_object_or_404(Enrolment, pk=pk)
    try:
        certificate, created = issue(
            enrolment.pk, actor=request.user, override_reason=request.POST.get("reason", "")
        )
    except CertificateError as error:
        messages.error(request, error.message)
    else:
        if created:
            messages.success(
                request, _("Attestation %(number)s délivrée.") % {"number": certificate.number}
            )
        else:
            messages.info(
                request,
                _("Cette attestation existait déjà : %(number)s.") % {"number": certificate.number},
            )
    return redirect("wagtailsnippets_courses_session:enrolments", enrolment.session_id)


def preview(request):
    """The attestation with sample data, to check the layout and the signatory."""
    if not _can_view(request.user):
        return permission_denied(request)
    today = timezone.localdate()
    sample = Certificate(
        number=f"NUMIXS-{today.year}-000000",
        verification_code="EXEMPLEEXEMPLEEXEMPL",
        learner_name="Awa Exemple",
        course_title="Premiers pas sur un ordinateur",
        objectives="Allumer et éteindre un ordinateur\nUtiliser la souris et le clavier",
        skills="Utiliser un ordinateur de façon autonome",
        start_date=today - datetime.timedelta(days=3),
        end_date=today,
        venue="Station Numixs, Sarcelles",
        hours_planned=Decimal("12"),
        hours_attended=Decimal("12"),
        attendance_rate=100,
        threshold=80,
        signatory_name=CertificateSettings.load().signatory_name,
        signatory_role=CertificateSettings.load().signatory_role,
        issued_at=timezone.now(),
    )
    kind = request.GET.get("document", "attestation")
    template = DOCUMENTS.get(kind, DOCUMENTS["attestation"])
    pdf = render_pdf(template, {**context(sample), "kind": kind})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="apercu-attestation.pdf"'
    return response
