"""Certificates: the record of what was earned, its counter and who signs."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from core.storage import private_storage


class CertificateCounter(models.Model):
    """The last number issued in a year; its row lock makes numbers gap-free."""

    year = models.PositiveSmallIntegerField(_("année"), primary_key=True)
    last = models.PositiveIntegerField(_("dernier numéro"), default=0)

    class Meta:
        verbose_name = _("compteur d'attestations")

    def __str__(self):
        return f"{self.year}: {self.last}"


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)


class Certificate(models.Model):
    """A completion certificate: a snapshot of what was earned, as it will be printed.

    The learner's name, the course, dates, hours and skills are copied from the
    enrolment when the certificate is issued, so that later edits of a course
    page do not change a document already handed out.
    """

    enrolment = models.OneToOneField(
        "courses.Enrolment",
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("inscription"),
    )
    number = models.CharField(_("numéro"), max_length=32, unique=True)
    verification_code = models.CharField(_("code de vérification"), max_length=32, unique=True)
    learner_name = models.CharField(_("apprenant(e)"), max_length=170)
    course_title = models.CharField(_("formation"), max_length=255)
    objectives = models.TextField(_("objectifs"), blank=True)
    skills = models.TextField(_("compétences"), blank=True)
    start_date = models.DateField(_("du"))
    end_date = models.DateField(_("au"))
    venue = models.CharField(_("lieu"), max_length=255)
    hours_planned = models.DecimalField(_("heures prévues"), max_digits=6, decimal_places=2)
    hours_attended = models.DecimalField(_("heures suivies"), max_digits=6, decimal_places=2)
    attendance_rate = models.PositiveSmallIntegerField(_("taux de présence (%)"))
    threshold = models.PositiveSmallIntegerField(_("seuil requis (%)"))
    override_reason = models.TextField(
        _("motif de délivrance hors seuil"),
        blank=True,
        help_text=_(
            "Rempli quand la coordination délivre l'attestation sans que le seuil soit atteint."
        ),
    )
    signatory_name = models.CharField(_("signataire"), max_length=120, blank=True)
    signatory_role = models.CharField(_("fonction du signataire"), max_length=120, blank=True)
    issued_at = models.DateTimeField(_("délivrée le"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("délivrée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)
    revoked_reason = models.TextField(_("motif de révocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("révoquée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Rendered once, stored in the private storage (no URL), served by views that
    # check access per object; their SHA-256 lets anyone check a copy.
    attestation_pdf = models.FileField(
        _("attestation (PDF)"),
        upload_to="attestations/",
        storage=private_storage,
        blank=True,
    )
    attestation_sha256 = models.CharField(
        _("empreinte SHA-256 de l'attestation"), max_length=64, blank=True, editable=False
    )
    realisation_pdf = models.FileField(
        _("certificat de réalisation (PDF)"),
        upload_to="attestations/",
        storage=private_storage,
        blank=True,
    )
    realisation_sha256 = models.CharField(
        _("empreinte SHA-256 du certificat de réalisation"),
        max_length=64,
        blank=True,
        editable=False,
    )
    rendered_at = models.DateTimeField(_("PDF produits le"), null=True, blank=True, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["-issued_at", "-number"]

    def __str__(self):
        return f"{self.number} — {self.learner_name}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None


@register_setting(icon="doc-full")
class CertificateSettings(BaseGenericSetting):
    """Who signs the certificates, and where (the provider's identity: core.ProviderSettings)."""

    signatory_name = models.CharField(_("signataire"), max_length=120, default="Claire Dubois")
    signatory_role = models.CharField(
        _("fonction du signataire"), max_length=120, default="Directrice du réseau Numixs"
    )
    place = models.CharField(_("fait à"), max_length=80, default="Sarcelles")

    panels = [
        FieldPanel("signatory_name"),
        FieldPanel("signatory_role"),
        FieldPanel("place"),
    ]

    class Meta:
        verbose_name = _("attestations")
