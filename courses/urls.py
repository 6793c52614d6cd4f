from django.urls import path

from courses import trainer_views, views

app_name = "courses"

urlpatterns = [
    path("formations/agenda/<uuid:public_id>.ics", views.session_ics, name="session_ics"),
    path("formations/inscription/<uuid:public_id>/", views.enrol_view, name="enrol"),
    path(
        "formations/mon-inscription/<str:token>/", views.manage_enrolment, name="manage_enrolment"
    ),
    # The trainer area
    path("formateur/", trainer_views.home, name="trainer_home"),
    path("formateur/sw.js", trainer_views.service_worker, name="trainer_sw"),
    path("formateur/synchro/", trainer_views.sync, name="trainer_sync"),
    path("formateur/seance/<int:pk>/", trainer_views.roster, name="trainer_roster"),
    path("formateur/seance/<int:pk>/cloturer/", trainer_views.close, name="trainer_close"),
    path("formateur/seance/<int:pk>/rouvrir/", trainer_views.reopen, name="trainer_reopen"),
    path(
        "formateur/seance/<int:pk>/sans-inscription/", trainer_views.walk_in, name="trainer_walk_in"
    ),
    path(
        "formateur/attestation/<int:pk>/<str:kind>.pdf",
        trainer_views.certificate_download,
        name="trainer_certificate",
    ),
    path(
        "formateur/session/<int:pk>/emargement.pdf",
        trainer_views.attendance_sheet,
        name="trainer_sheet",
    ),
]
