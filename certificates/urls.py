from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("certificats/verifier/", views.verify_form, name="verify_form"),
    path("certificats/verifier/<str:code>/", views.verify, name="verify"),
    path("mon-compte/attestations/", views.my_certificates, name="mine"),
    path(
        "mon-compte/attestations/<int:pk>/<str:kind>.pdf",
        views.account_download,
        name="account_download",
    ),
    path(
        "formateur/attestation/<int:pk>/<str:kind>.pdf",
        views.trainer_download,
        name="trainer_download",
    ),
    path(
        "formations/mon-inscription/<str:token>/<str:kind>.pdf",
        views.learner_download,
        name="learner_download",
    ),
]
