"""Partner organisations (prescripteurs) and their member users.

Partners refer learners to trainings; with the learner's consent they follow
attendance and receive the certificate. The partners' area lives in this app
because what partners come for, in the end, is the certificate.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

# Referral codes are read aloud and typed on phones: no 0/O, 1/I/L.
REFERRAL_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_referral_code():
    return "".join(secrets.choice(REFERRAL_ALPHABET) for _ in range(6))


def normalise_referral_code(value):
    return "".join((value or "").split()).upper().replace("-", "")


class PartnerKind(models.TextChoices):
    EMPLOYMENT_AGENCY = "france-travail", _("France Travail (agence pour l'emploi)")
    YOUTH_MISSION = "mission-locale", _("Mission locale")
    CHAMBER_OF_TRADES = "cma", _("Chambre de métiers et de l'artisanat")
    CHAMBER_OF_COMMERCE = "cci", _("Chambre de commerce et d'industrie")
    SOCIAL_SERVICES = "action-sociale", _("Services sociaux")
    ASSOCIATION = "association", _("Association")
    OTHER = "autre", _("Autre")


class PartnerOrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of_member(self, user):
        """Organisations `user` currently belongs to."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.active().filter(
            pk__in=Membership.objects.current().filter(user=user).values("organisation_id")
        )


class PartnerOrganisation(ClusterableModel):
    name = models.CharField(_("nom"), max_length=150)
    kind = models.CharField(
        _("type de structure"),
        max_length=20,
        choices=PartnerKind.choices,
        default=PartnerKind.OTHER,
    )
    town = models.CharField(_("commune"), max_length=80, blank=True)
    referral_code = models.CharField(
        _("code d'orientation"),
        max_length=12,
        unique=True,
        default=new_referral_code,
        help_text=_(
            "Le code que la structure donne aux personnes qu'elle oriente : elles le tapent "
            "en s'inscrivant."
        ),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Une structure inactive n'apparaît plus dans le formulaire d'inscription."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="partner_organisations",
        verbose_name=_("membres"),
    )

    objects = PartnerOrganisationQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("town"),
        FieldPanel("referral_code"),
        FieldPanel("is_active"),
        InlinePanel("memberships", heading=_("Membres"), label=_("Membre")),
    ]

    class Meta:
        verbose_name = _("structure partenaire")
        verbose_name_plural = _("structures partenaires")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.town})" if self.town else self.name

    def save(self, *args, **kwargs):
        self.referral_code = normalise_referral_code(self.referral_code)
        super().save(*args, **kwargs)


class MembershipQuerySet(models.QuerySet):
    def current(self, now=None):
        """Memberships not ended (an end date may be set ahead of time)."""
        return self.filter(Q(ended_at__isnull=True) | Q(ended_at__gt=now or timezone.now()))


class Membership(models.Model):
    """A user in an organisation; ending it keeps the history and the user."""

    organisation = ParentalKey(
        PartnerOrganisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_memberships"
    )
    started_at = models.DateTimeField(_("membre depuis"), default=timezone.now)
    ended_at = models.DateTimeField(
        _("membre jusqu'au"),
        null=True,
        blank=True,
        help_text=_(
            "Pour mettre fin à l'adhésion sans supprimer le compte : la personne ne voit "
            "plus rien de la structure à partir de cette date."
        ),
    )
    weekly_digest = models.BooleanField(
        _("récapitulatif hebdomadaire par e-mail"),
        default=True,
        help_text=_("Nouvelles inscriptions, absences et attestations de la semaine."),
    )
    digest_sent_at = models.DateTimeField(
        _("dernier récapitulatif envoyé le"), null=True, blank=True, editable=False
    )

    objects = MembershipQuerySet.as_manager()

    panels = [
        FieldPanel("user"),
        FieldPanel("started_at"),
        FieldPanel("ended_at"),
        FieldPanel("weekly_digest"),
    ]

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(ended_at__isnull=True),
                name="one_current_membership",
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation}"


class CertificateCounter(models.Model):
    """The last number issued in a year; its row lock makes numbers gap-free."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

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
        "courses.Enrolment", on_delete=models.PROTECT, related_name="certificate"
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

    # Rendered once, stored, served from storage; their SHA-256 lets anyone check a copy.
    attestation_pdf = models.FileField(
        _("attestation (PDF)"), upload_to="attestations/", blank=True
    )
    attestation_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    realisation_pdf = models.FileField(
        _("certificat de réalisation (PDF)"), upload_to="attestations/", blank=True
    )
    realisation_sha256 = models.CharField(max_length=64, blank=True, editable=False)
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
    """Who signs the certificates and in whose name (printed on every PDF)."""

    provider_name = models.CharField(
        _("organisme de formation"),
        max_length=200,
        default="Numixs — Communauté d'agglomération Roissy Pays de France",
    )
    activity_declaration = models.CharField(
        _("numéro de déclaration d'activité"), max_length=40, blank=True
    )
    signatory_name = models.CharField(_("signataire"), max_length=120, default="Claire Dubois")
    signatory_role = models.CharField(
        _("fonction du signataire"), max_length=120, default="Directrice du réseau Numixs"
    )
    place = models.CharField(_("fait à"), max_length=80, default="Sarcelles")

    panels = [
        FieldPanel("provider_name"),
        FieldPanel("activity_declaration"),
        FieldPanel("signatory_name"),
        FieldPanel("signatory_role"),
        FieldPanel("place"),
    ]

    class Meta:
        verbose_name = _("attestations")
