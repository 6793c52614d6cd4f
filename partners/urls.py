from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.referred_list, name="list"),
    path("apprenants/<int:pk>/", views.learner_detail, name="learner"),
    path("attestations/<int:pk>/<str:kind>.pdf", views.certificate_download, name="certificate"),
    path("attestations.zip", views.certificates_zip, name="zip"),
    path("export.csv", views.export_csv, name="csv"),
    path("recapitulatif/", views.digest_preference, name="digest"),
    path("recapitulatif/arret/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
