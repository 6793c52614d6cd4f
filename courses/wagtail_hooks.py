"""The catalogue in the Wagtail admin: sessions (with their sittings inline), venues, topics."""

import csv
import datetime

import django_filters
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.mixins import Echo
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

from courses.admin_views import SessionEnrolmentsView
from courses.choices import EnrolmentStatus, SessionStatus
from courses.filters import town_choices
from courses.models import (
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    CoursePage,
    Enrolment,
    Learner,
    Session,
    Topic,
    Venue,
)


def _excel_text(value):
    """Text as French Excel should show it; never a formula (CSV injection)."""
    if isinstance(value, bool):
        return gettext("oui") if value else gettext("non")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "d/m/Y")
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class FrenchExcelIndexView(IndexView):
    """CSV exports that French Excel opens cleanly: UTF-8 with a BOM, semicolons,
    dates as dd/mm/yyyy, oui/non, and no cell that Excel would run as a formula."""

    def preprocess_field_value(self, field, value, export_format):
        if export_format == self.FORMAT_CSV:
            return _excel_text(value)
        return super().preprocess_field_value(field, value, export_format)

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=";")
        yield "\ufeff".encode() + writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))


class SessionAdminFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Formation"), queryset=CoursePage.objects.order_by("title")
    )
    venue = django_filters.ModelChoiceFilter(label=_("Lieu"), queryset=Venue.objects.all())
    town = django_filters.ChoiceFilter(
        label=_("Commune"), field_name="venue__town", choices=town_choices
    )
    start_date = django_filters.DateFromToRangeFilter(
        label=_("Date de début"), widget=DateRangePickerWidget
    )
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=SessionStatus.choices)

    class Meta:
        model = Session
        fields = []


class SeatsColumn(TitleColumn):
    """Seats taken, linking to the session's enrolments (where staff act on them)."""

    def __init__(self, name, **kwargs):
        super().__init__(
            name,
            get_url=lambda session: reverse(
                "wagtailsnippets_courses_session:enrolments", args=[session.pk]
            ),
            **kwargs,
        )

    def get_value(self, instance):
        return f"{instance.confirmed} / {instance.capacity}"


class SessionEditView(EditView):
    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Inscriptions"),
                url=reverse("wagtailsnippets_courses_session:enrolments", args=[self.object.pk]),
                icon_name="group",
            ),
        ]


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "date"
    menu_label = _("Sessions")
    filterset_class = SessionAdminFilterSet
    list_display = [
        "course",
        "venue",
        "start_date",
        "end_date",
        SeatsColumn("seats", label=_("Inscrits / places")),
        "status",
    ]
    list_export = ["course", "venue", "start_date", "end_date", "capacity", "get_status_display"]
    export_headings = {"get_status_display": _("Statut")}
    index_view_class = FrenchExcelIndexView
    edit_view_class = SessionEditView
    ordering = ["-start_date"]
    search_fields = None

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "<int:pk>/inscriptions/",
                SessionEnrolmentsView.as_view(),
                name="enrolments",
            ),
        ]

    def get_queryset(self, request):
        return Session.objects.select_related("course", "venue").annotate(
            confirmed_count=Count(
                "enrolments", filter=Q(enrolments__status=EnrolmentStatus.CONFIRMED)
            )
        )


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = _("Lieux")
    list_display = ["name", "town", "kind", "reduced_mobility_access"]
    list_filter = ["kind", "town", "reduced_mobility_access"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Thèmes")
    list_display = ["name", "slug"]


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Records that change only through a service: enrolments (the session's page acts
    through the enrolment service), attendance and its history (evidence)."""

    blocked = ("add", "change", "delete")

    def user_has_permission(self, user, action):
        if action in self.blocked:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in self.blocked]
        return super().users_with_any_permission(actions) if actions else []


register_permission_policy(Enrolment, ReadOnlyPolicy(Enrolment))


class EnrolmentAdminFilterSet(WagtailFilterSet):
    session = django_filters.ModelChoiceFilter(
        label=_("Session"),
        queryset=Session.objects.select_related("course", "venue").order_by("-start_date"),
    )
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=EnrolmentStatus.choices)
    needs_call = django_filters.BooleanFilter(label=_("À appeler"))

    class Meta:
        model = Enrolment
        fields = []


class EnrolmentViewSet(SnippetViewSet):
    """Who is enrolled where; the call list is the `À appeler` filter.

    Changes go through the enrolment service from each session's page
    (`SessionEnrolmentsView`): no create/edit/delete forms here.
    """

    model = Enrolment
    icon = "group"
    menu_label = _("Inscriptions")
    index_view_class = FrenchExcelIndexView
    filterset_class = EnrolmentAdminFilterSet
    list_display = ["learner", "session", "status", "waitlist_position", "needs_call", "created_at"]
    list_export = [
        "learner.last_name",
        "learner.first_name",
        "learner.phone",
        "learner.email",
        "learner.town",
        "session",
        "get_status_display",
        "waitlist_position",
        "needs_call",
        "referrer",
        "referrer_consent",
        "get_channel_display",
        "enrolled_by",
        "created_at",
    ]
    export_headings = {
        "learner.last_name": _("Nom"),
        "learner.first_name": _("Prénom"),
        "learner.phone": _("Téléphone"),
        "learner.email": _("E-mail"),
        "learner.town": _("Commune"),
        "session": _("Session"),
        "get_status_display": _("Statut"),
        "waitlist_position": _("Rang en liste d'attente"),
        "needs_call": _("À appeler"),
        "referrer": _("Orientée par"),
        "referrer_consent": _("Accord de suivi"),
        "get_channel_display": _("Origine"),
        "enrolled_by": _("Inscrite par"),
        "created_at": _("Inscrit le"),
    }
    export_filename = "inscriptions"
    ordering = ["session", "status", "waitlist_position", "pk"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Enrolment.objects.select_related(
            "learner", "session__course", "session__venue", "referrer", "enrolled_by"
        )


register_permission_policy(Attendance, ReadOnlyPolicy(Attendance))
register_permission_policy(AttendanceChange, ReadOnlyPolicy(AttendanceChange))


class AttendanceAdminFilterSet(WagtailFilterSet):
    sitting__session = django_filters.ModelChoiceFilter(
        label=_("Session"),
        queryset=Session.objects.select_related("course", "venue").order_by("-start_date"),
    )
    sitting__date = django_filters.DateFromToRangeFilter(
        label=_("Date de la séance"), widget=DateRangePickerWidget
    )
    status = django_filters.ChoiceFilter(label=_("Présence"), choices=AttendanceStatus.choices)
    signature_flagged = django_filters.BooleanFilter(label=_("Signée hors créneau"))

    class Meta:
        model = Attendance
        fields = []


class AttendanceViewSet(SnippetViewSet):
    """Marks and signatures per sitting; `Signée hors créneau` finds what auditors question."""

    model = Attendance
    icon = "tasks"
    menu_label = _("Émargements")
    index_view_class = FrenchExcelIndexView
    filterset_class = AttendanceAdminFilterSet
    list_display = [
        "enrolment",
        "sitting",
        "status",
        "signature_device_time",
        "signed_at",
        "signature_flagged",
    ]
    list_export = [
        "enrolment.learner.last_name",
        "enrolment.learner.first_name",
        "sitting.session",
        "sitting",
        "get_status_display",
        "note",
        "signature_device_time",
        "signed_at",
        "signature_flagged",
        "signature_device_id",
        "marked_by",
    ]
    export_headings = {
        "enrolment.learner.last_name": _("Nom"),
        "enrolment.learner.first_name": _("Prénom"),
        "sitting.session": _("Session"),
        "sitting": _("Séance"),
        "get_status_display": _("Présence"),
        "note": _("Note"),
        "signature_device_time": _("Signée le (tablette)"),
        "signed_at": _("Signée le (serveur)"),
        "signature_flagged": _("Hors créneau"),
        "signature_device_id": _("Tablette"),
        "marked_by": _("Pointé par"),
    }
    export_filename = "emargements"
    ordering = ["-sitting__date", "sitting__start_time", "enrolment__learner__last_name"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Attendance.objects.select_related(
            "enrolment__learner", "sitting__session__course", "sitting__session__venue", "marked_by"
        )


class AttendanceChangeViewSet(SnippetViewSet):
    """Every change as it reached the server: the append-only history."""

    model = AttendanceChange
    icon = "history"
    menu_label = _("Historique des émargements")
    index_view_class = FrenchExcelIndexView
    list_display = [
        "enrolment",
        "sitting",
        "kind",
        "value",
        "device_time",
        "server_time",
        "applied",
        "user",
    ]
    list_filter = ["kind", "applied"]
    list_export = [
        "enrolment",
        "sitting",
        "kind",
        "value",
        "previous_value",
        "device_time",
        "server_time",
        "device_id",
        "applied",
        "user",
    ]
    ordering = ["-server_time"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return AttendanceChange.objects.select_related(
            "enrolment__learner", "sitting__session__course", "user"
        )


class LearnerViewSet(SnippetViewSet):
    """Learners' contact details; the optional account gives them /mon-compte/attestations/."""

    model = Learner
    icon = "user"
    menu_label = _("Apprenants")
    list_display = ["last_name", "first_name", "phone", "email", "town", "user"]
    list_filter = ["situation"]
    search_fields = ["last_name", "first_name", "email", "phone"]
    panels = [
        FieldPanel("first_name"),
        FieldPanel("last_name"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("town"),
        FieldPanel("postcode"),
        FieldPanel("situation"),
        FieldPanel("employment_agency_id"),
        FieldPanel("user"),
    ]
    ordering = ["last_name", "first_name"]


class CatalogueGroup(SnippetViewSetGroup):
    items = (
        SessionViewSet,
        EnrolmentViewSet,
        LearnerViewSet,
        AttendanceViewSet,
        AttendanceChangeViewSet,
        VenueViewSet,
        TopicViewSet,
    )
    menu_icon = "calendar-alt"
    menu_label = _("Catalogue")
    menu_name = "catalogue"


register_snippet(CatalogueGroup)
