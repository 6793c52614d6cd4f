"""Partner organisations and certificates in the Wagtail admin."""

import django_filters
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.models import IndexView as ModelIndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet

from attendance.views import ROSTER_LINKS_HOOK
from certificates import admin_views
from certificates.models import Certificate
from certificates.services import session_verdicts
from certificates.todo import BELOW, EARNED, awaiting
from core.admin import FrenchExcelIndexView, ReadOnlyPolicy
from courses.admin_views import SESSION_PAGE_HOOK
from courses.models import CoursePage, Enrolment, Session
from courses.views import LEARNER_PAGE_HOOK

# Certificates change only through certificates.services (issue, revoke).
register_permission_policy(Certificate, ReadOnlyPolicy(Certificate))


class CertificateFilterSet(WagtailFilterSet):
    enrolment__session__course = django_filters.ModelChoiceFilter(
        label=_("Formation"), queryset=CoursePage.objects.order_by("title")
    )
    enrolment__session = django_filters.ModelChoiceFilter(
        label=_("Session"),
        queryset=Session.objects.select_related("course", "venue").order_by("-start_date"),
    )
    issued_at = django_filters.DateFromToRangeFilter(
        label=_("Délivrée"), widget=DateRangePickerWidget
    )
    revoked = django_filters.BooleanFilter(
        label=_("Révoquée"), field_name="revoked_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Certificate
        fields = []


class CertificateInspectView(InspectView):
    @cached_property
    def header_buttons(self):
        pk = self.object.pk
        buttons = [
            HeaderButton(
                _("Attestation (PDF)"),
                url=reverse(
                    "wagtailsnippets_certificates_certificate:pdf", args=[pk, "attestation"]
                ),
                icon_name="download",
            ),
            HeaderButton(
                _("Certificat de réalisation (PDF)"),
                url=reverse(
                    "wagtailsnippets_certificates_certificate:pdf", args=[pk, "realisation"]
                ),
                icon_name="download",
            ),
        ]
        if self.request.user.has_perm("certificates.change_certificate"):
            buttons.append(
                HeaderButton(
                    _("Produire à nouveau les PDF"),
                    url=reverse("wagtailsnippets_certificates_certificate:rerender", args=[pk]),
                    icon_name="rotate",
                )
            )
        if not self.object.is_revoked and self.request.user.has_perm(
            "certificates.change_certificate"
        ):
            buttons.append(
                HeaderButton(
                    _("Révoquer"),
                    url=reverse("wagtailsnippets_certificates_certificate:revoke", args=[pk]),
                    icon_name="warning",
                )
            )
        return buttons


# What was earned, as printed: in the export and on each certificate's page.
RECORD_FIELDS = [
    "number",
    "learner_name",
    "course_title",
    "start_date",
    "end_date",
    "venue",
    "hours_attended",
    "hours_planned",
    "attendance_rate",
]


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Attestations")
    menu_order = 205
    add_to_admin_menu = True
    index_view_class = FrenchExcelIndexView
    inspect_view_class = CertificateInspectView
    inspect_view_enabled = True
    filterset_class = CertificateFilterSet
    list_display = ["number", "learner_name", "course_title", "end_date", "issued_at", "revoked_at"]
    list_export = [
        *RECORD_FIELDS,
        "issued_at",
        "override_reason",
        "revoked_at",
        "revoked_reason",
        "verification_code",
    ]
    export_filename = "attestations"
    inspect_view_fields = [
        *RECORD_FIELDS,
        "threshold",
        "override_reason",
        "signatory_name",
        "signatory_role",
        "issued_at",
        "issued_by",
        "revoked_at",
        "revoked_reason",
        "revoked_by",
        "verification_code",
        "attestation_sha256",
        "realisation_sha256",
    ]
    ordering = ["-issued_at", "-number"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/pdf/<str:kind>/", admin_views.download, name="pdf"),
            path("<int:pk>/revoquer/", admin_views.RevokeView.as_view(), name="revoke"),
            path("<int:pk>/produire/", admin_views.RerenderView.as_view(), name="rerender"),
            path("apercu/", admin_views.preview, name="preview"),
            path(
                "session/<int:pk>/delivrer/",
                admin_views.IssueSessionView.as_view(),
                name="issue_session",
            ),
            path(
                "inscription/<int:pk>/delivrer/",
                admin_views.issue_for_enrolment,
                name="issue_enrolment",
            ),
        ]

    def get_queryset(self, request):
        return Certificate.objects.select_related("enrolment__session__course")


register_snippet(CertificateViewSet)


# --- Certificates still to issue or to decide (certificates.todo) ---------------------------

DECISIONS = [
    (EARNED, _("Méritée, pas encore délivrée")),
    (BELOW, _("Sous le seuil : à décider")),
]


class AwaitingFilterSet(WagtailFilterSet):
    decision = django_filters.ChoiceFilter(
        label=_("Attestation"), choices=DECISIONS, method="filter_decision"
    )

    class Meta:
        model = Enrolment
        fields = []

    def __init__(self, *args, awaiting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.awaiting = awaiting

    def filter_decision(self, queryset, name, value):
        if not value or self.awaiting is None:
            return queryset
        return queryset.filter(pk__in=[enrolment.pk for enrolment in self.awaiting.of(value)])


class AwaitingIndexView(ModelIndexView):
    """Confirmed learners of sessions over without a certificate: earned (issue them) or
    below the threshold (decide). Each links to the session's page, where issuing is."""

    page_title = _("Attestations à délivrer ou à décider")
    header_icon = "doc-full"

    @cached_property
    def awaiting(self):
        return awaiting()

    @cached_property
    def by_pk(self):
        return {e.pk: e for e in [*self.awaiting.earned, *self.awaiting.below]}

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "awaiting": self.awaiting}

    def get_base_queryset(self):
        return Enrolment.objects.filter(pk__in=list(self.by_pk)).select_related(
            "learner", "session__course", "session__venue"
        )

    def _summary(self, enrolment):
        return self.by_pk[enrolment.pk].summary

    @cached_property
    def columns(self):
        earned = {e.pk for e in self.awaiting.earned}
        return [
            TitleColumn(
                "learner",
                label=_("Apprenant(e)"),
                sort_key="learner__last_name",
                get_url=lambda e: reverse(
                    "wagtailsnippets_courses_session:enrolments", args=[e.session_id]
                ),
            ),
            Column("session", label=_("Session"), sort_key="session__end_date"),
            Column(
                "rate",
                label=_("Présence"),
                accessor=lambda e: f"{self._summary(e).rate} %",
            ),
            Column(
                "threshold",
                label=_("Seuil"),
                accessor=lambda e: f"{e.session.course.completion_threshold} %",
            ),
            Column(
                "decision",
                label=_("Attestation"),
                accessor=lambda e: dict(DECISIONS)[EARNED if e.pk in earned else BELOW],
            ),
        ]


class AwaitingCertificatesViewSet(ModelViewSet):
    """A read-only list over enrolments, without a menu item: the desk links to it."""

    model = Enrolment
    name = "attestations_a_delivrer"
    url_prefix = "attestations/a-delivrer"
    icon = "doc-full"
    add_to_admin_menu = False
    index_view_class = AwaitingIndexView
    filterset_class = AwaitingFilterSet
    ordering = ["session__end_date", "session_id", "learner__last_name", "pk"]
    add_to_reference_index = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("resultats/", self.index_results_view, name="index_results"),
        ]

    def register_admin_url_finder(self):
        """Enrolments keep their own admin page (the Inscriptions snippet)."""

    def register_permissions(self):
        """Enrolments' permissions are the Inscriptions snippet's."""


@hooks.register("register_admin_viewset")
def awaiting_certificates_viewset():
    return AwaitingCertificatesViewSet()


@hooks.register(SESSION_PAGE_HOOK)
def certificates_on_the_session_page(request, session, enrolments):
    """The session's enrolments page: each one's certificate, and, once the session is
    finished, the buttons that issue what was earned (one query for the certificates)."""
    finished = session.is_finished()
    context = {
        "finished": finished,
        "can_issue": request.user.has_perm("certificates.change_certificate"),
        "issue_url": reverse(
            "wagtailsnippets_certificates_certificate:issue_session", args=[session.pk]
        ),
    }
    certificates = {
        certificate.enrolment_id: certificate
        for certificate in Certificate.objects.filter(enrolment__in=enrolments)
    }
    # Once the session is over, each person's attendance against the threshold, and
    # why they get a certificate or not (certificates.services.verdict).
    verdicts = (
        {answer.enrolment.pk: answer for answer in session_verdicts(session.pk)} if finished else {}
    )

    # Rendered without the request's context processors (one row each: no queries);
    # the forms' CSRF token is passed in.
    context["csrf_token"] = get_token(request)

    def render(template, **extra):
        return render_to_string(template, {**context, **extra})

    return {
        "session": [render("certificates/admin/_session_issue.html")],
        "enrolments": {
            enrolment.pk: [
                render(
                    "certificates/admin/_enrolment_certificate.html",
                    enrolment=enrolment,
                    certificate=certificates.get(enrolment.pk),
                    verdict=verdicts.get(enrolment.pk),
                )
            ]
            for enrolment in enrolments
        },
    }


@hooks.register(LEARNER_PAGE_HOOK)
def certificate_on_the_learners_page(request, enrolment):
    """The learner's own page (signed link) offers the certificate's downloads."""
    return {"certificate": Certificate.objects.valid().filter(enrolment=enrolment).first()}


@hooks.register(ROSTER_LINKS_HOOK)
def attestations_on_the_roster(request, enrolments):
    """The trainer downloads a learner's attestation from the roster (one query)."""
    certificates = Certificate.objects.valid().filter(enrolment__in=enrolments)
    return {
        certificate.enrolment_id: [
            (
                gettext("Attestation (PDF)"),
                reverse("certificates:trainer_download", args=[certificate.pk, "attestation"]),
            )
        ]
        for certificate in certificates
    }
