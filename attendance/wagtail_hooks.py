"""The attendance records in the admin: read-only evidence, filterable and exportable."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from attendance.models import Attendance, AttendanceChange, AttendanceStatus
from core.admin import FrenchExcelIndexView, ReadOnlyPolicy, moved_settings_urls
from courses.models import Session

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


class AttendanceGroup(SnippetViewSetGroup):
    items = (AttendanceViewSet, AttendanceChangeViewSet)
    menu_icon = "tasks"
    menu_label = _("Émargements")
    menu_name = "attendance"
    menu_order = 8999  # right after the catalogue (courses.wagtail_hooks), where it was


register_snippet(AttendanceGroup)


@hooks.register("register_admin_urls")
def attendance_settings_old_address():
    return moved_settings_urls("courses", "attendance", "attendancesettings")
