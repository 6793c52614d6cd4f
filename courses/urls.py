from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("formations/agenda/<uuid:public_id>.ics", views.session_ics, name="session_ics"),
]
