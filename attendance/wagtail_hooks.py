"""The attendance records in the admin: read-only evidence, filterable and exportable."""

import django_filters
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from attendance.models import Attendance, AttendanceChange, AttendanceStatus
from attendance.todo import to_close_q, with_marks
from core.admin import (
    FrenchExcelIndexView,
    FrenchIndexView,
    ReadOnlyPolicy,
    YesNoColumn,
    moved_settings_urls,
)
from courses.models import Session, Sitting

register_permission_policy(Attendance, ReadOnlyPolicy(Attendance))
register_permission_policy(AttendanceChange, ReadOnlyPolicy(AttendanceChange))
# Sittings are scheduled with their session (its form): here they are only listed, for
# whoever may see sessions.
register_permission_policy(Sitting, ReadOnlyPolicy(Sitting, auth_model=Session))


class SittingAdminFilterSet(WagtailFilterSet):
    date = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    closed = django_filters.BooleanFilter(
        label=_("Clôturée"), field_name="closed_at", lookup_expr="isnull", exclude=True
    )
    to_close = django_filters.BooleanFilter(
        label=_("À clôturer (jours passés)"), method="filter_to_close"
    )

    class Meta:
        model = Sitting
        fields = []

    def filter_to_close(self, queryset, name, value):
        if value is None:
            return queryset
        rule = to_close_q(timezone.localdate())
        return queryset.filter(rule) if value else queryset.exclude(rule)


class SittingColumn(TitleColumn):
    """The sitting, linking to its roster (marks, signatures, closing)."""

    def __init__(self, name, **kwargs):
        super().__init__(
            name,
            accessor=str,
            get_url=lambda sitting: reverse("attendance:trainer_roster", args=[sitting.pk]),
            **kwargs,
        )


class MarkedColumn(Column):
    def get_value(self, instance):
        return f"{instance.marked_count} / {instance.enrolled_count}"


class SittingViewSet(SnippetViewSet):
    """Every sitting, with how many learners are marked and whether it is closed: the
    desk's "today" and "to close" figures lead here (attendance.todo)."""

    model = Sitting
    icon = "time"
    menu_label = _("Séances")
    index_view_class = FrenchIndexView
    filterset_class = SittingAdminFilterSet
    list_display = [
        SittingColumn("sitting", label=_("Séance"), sort_key="date"),
        Column("session", label=_("Session")),
        MarkedColumn("marked", label=_("Pointés / inscrits")),
        YesNoColumn("is_closed", label=_("Clôturée")),
        "closed_at",
    ]
    export_headings = {"closed_at": _("Clôturée le")}
    ordering = ["-date", "start_time", "pk"]
    search_fields = None

    def get_queryset(self, request):
        return with_marks(Sitting.objects.select_related("session__course", "session__venue"))


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
    url_prefix = "snippets/courses/attendance"  # its address before the model moved here
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
        "enrolment": _("Inscription"),
        "status": _("Présence"),
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
    url_prefix = "snippets/courses/attendancechange"  # its address before the model moved here
    icon = "history"
    menu_label = _("Historique des émargements")
    index_view_class = FrenchExcelIndexView
    list_display = [
        "enrolment",
        "sitting",
        "kind",
        "short_value",
        "device_time",
        "server_time",
        "applied",
        "user",
    ]
    list_filter = ["kind", "applied"]
    list_export = [
        "enrolment",
        "sitting",
        "get_kind_display",
        "short_value",
        "short_previous_value",
        "device_time",
        "server_time",
        "device_id",
        "applied",
        "user",
    ]
    export_headings = {
        "enrolment": _("Inscription"),
        "sitting": _("Séance"),
        "kind": _("Type"),
        "get_kind_display": _("Type"),
        "short_value": _("Valeur"),
        "short_previous_value": _("Valeur précédente"),
        "device_time": _("Heure de la tablette"),
        "server_time": _("Heure du serveur"),
        "device_id": _("Tablette"),
        "applied": _("Appliqué"),
        "user": _("Par"),
    }
    export_filename = "historique-emargements"
    ordering = ["-server_time"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return AttendanceChange.objects.select_related(
            "enrolment__learner", "sitting__session__course", "user"
        )


class AttendanceGroup(SnippetViewSetGroup):
    items = (SittingViewSet, AttendanceViewSet, AttendanceChangeViewSet)
    menu_icon = "tasks"
    menu_label = _("Émargements")
    menu_name = "attendance"
    menu_order = 8999  # right after the catalogue (courses.wagtail_hooks), where it was


register_snippet(AttendanceGroup)


@hooks.register("register_admin_urls")
def attendance_settings_old_address():
    return moved_settings_urls("courses", "attendance", "attendancesettings")
