from django.urls import path, re_path

from courses import views

app_name = "courses"

urlpatterns = [
    path("formations/agenda/<uuid:public_id>.ics", views.session_ics, name="session_ics"),
    path("formations/inscription/<uuid:public_id>/", views.enrol_view, name="enrol"),
    path(
        "formations/mon-inscription/<str:token>/", views.manage_enrolment, name="manage_enrolment"
    ),
    path(
        "formations/mon-inscription/<str:token>/convocation/",
        views.convocation,
        name="convocation",
    ),
    path(
        "formations/mon-inscription/<str:token>/convocation.pdf",
        views.convocation,
        {"pdf": True},
        name="convocation_pdf",
    ),
    # The SMS's short link: /i/ + 10 characters (at most 25 after the domain).
    re_path(r"^i/(?P<token>[A-Za-z0-9]+)/?$", views.short_link, name="short_link"),
    path("sms/statut/<str:token>/", views.sms_status, name="sms_status"),
]
