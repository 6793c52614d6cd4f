"""Partner organisations (prescripteurs) that refer learners, and their members.

The referral is part of enrolling (the code typed in the form, an advisor
enrolling someone for their organisation, the learner's consent), so the
organisations and their members live here; what a member sees of the learners
referred is the partners app's business (partners.access).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from core.codes import readable_code


def new_referral_code():
    """Six characters that an advisor reads aloud and a learner types on a phone."""
    return readable_code(6)


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
        """Active organisations `user` currently belongs to."""
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
        db_table = "certificates_partnerorganisation"  # where it began: the rows stayed
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
        PartnerOrganisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_memberships",
        verbose_name=_("compte"),
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
        db_table = "certificates_membership"  # where it began: the rows stayed
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
