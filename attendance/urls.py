from django.urls import path

from attendance import views

app_name = "attendance"

# The trainer area
urlpatterns = [
    path("formateur/", views.home, name="trainer_home"),
    path("formateur/sw.js", views.service_worker, name="trainer_sw"),
    path("formateur/synchro/", views.sync, name="trainer_sync"),
    path("formateur/seance/<int:pk>/", views.roster, name="trainer_roster"),
    path("formateur/seance/<int:pk>/cloturer/", views.close, name="trainer_close"),
    path("formateur/seance/<int:pk>/rouvrir/", views.reopen, name="trainer_reopen"),
    path("formateur/seance/<int:pk>/sans-inscription/", views.walk_in, name="trainer_walk_in"),
    path(
        "formateur/session/<int:pk>/emargement.pdf",
        views.attendance_sheet,
        name="trainer_sheet",
    ),
]
