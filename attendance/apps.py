from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = _("Émargement")
    # Attendance and its history are read-only evidence; coordinators set the margin.
    role_permissions = {
        "Coordination": [
            "attendance.view_attendance",
            "attendance.view_attendancechange",
            "attendance.change_attendancesettings",
        ],
    }
