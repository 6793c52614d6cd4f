from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Formations")
    # Coordinators schedule the catalogue (sessions with their sittings, venues, topics),
    # act on enrolments through their session's page (the service's rules), correct
    # learners' details, and manage partner organisations and their members.
    role_permissions = {
        "Coordination": [
            "courses.session.*",
            "courses.venue.*",
            "courses.topic.*",
            "courses.view_enrolment",
            "courses.view_message",
            "courses.change_enrolment",
            "courses.view_learner",
            "courses.change_learner",
            "courses.partnerorganisation.*",
            "courses.membership.*",
        ],
    }

    def ready(self):
        from courses import signals  # noqa: F401  (connects the receivers)
