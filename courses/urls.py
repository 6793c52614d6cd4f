from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("formations/agenda/<uuid:public_id>.ics", views.session_ics, name="session_ics"),
    path("formations/inscription/<uuid:public_id>/", views.enrol_view, name="enrol"),
    path(
        "formations/mon-inscription/<str:token>/", views.manage_enrolment, name="manage_enrolment"
    ),
]
