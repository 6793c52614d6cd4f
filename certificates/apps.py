from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Attestations")
    role_permissions = {
        "Coordination": [
            "certificates.view_certificate",
            "certificates.change_certificate",
            "certificates.change_certificatesettings",
        ],
    }

    def ready(self):
        from certificates import checks, receivers  # noqa: F401 — registers them
