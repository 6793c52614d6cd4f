import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.codes import readable_code
from core.communes import WithInseeCode
from courses.choices import EnrolmentChannel, EnrolmentStatus, Gender, Situation

REFERENCE_LENGTH = 6  # read out on the phone: "K7P2QM"
SHORT_TOKEN_LENGTH = 10  # the secret of the SMS's short link (/i/…): ~50 bits


def new_reference():
    return readable_code(REFERENCE_LENGTH)


def new_short_token():
    return readable_code(SHORT_TOKEN_LENGTH)


def normalise_reference(value):
    """What someone read out or typed ("k7p 2qm") -> "K7P2QM"."""
    return "".join((value or "").split()).upper().replace("-", "")


class Learner(WithInseeCode):
    """A person who takes trainings; most never log in, many have no e-mail address."""

    first_name = models.CharField(_("prénom"), max_length=80)
    last_name = models.CharField(_("nom"), max_length=80)
    email = models.EmailField(_("adresse e-mail"), blank=True, db_index=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True, db_index=True)
    town = models.CharField(_("commune"), max_length=80, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    situation = models.CharField(
        _("situation"), max_length=20, choices=Situation.choices, default=Situation.OTHER
    )
    employment_agency_id = models.CharField(
        _("identifiant France Travail"), max_length=20, blank=True
    )
    # Printed on the certificat de réalisation ("salarié(e) de l'entreprise …"):
    # certificates.documents.employer_line.
    employer = models.CharField(
        _("employeur"),
        max_length=200,
        blank=True,
        help_text=_(
            "Le nom de l'entreprise qui emploie la personne, si elle est salariée. "
            "Laisser vide pour un artisan ou un commerçant à son compte, une personne "
            "en recherche d'emploi ou un particulier."
        ),
    )
    # What funders count (reports.queries): optional, as the person states it, asked
    # once by a mediator; never needed to enrol. The privacy notice lists them.
    birth_year = models.PositiveSmallIntegerField(
        _("année de naissance"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text=_("Facultatif. Les financeurs comptent les personnes par tranche d'âge."),
    )
    gender = models.CharField(
        _("genre"),
        max_length=10,
        choices=Gender.choices,
        blank=True,
        help_text=_("Facultatif, tel que la personne le dit. Vide : non communiqué."),
    )
    receives_minimum_income = models.BooleanField(
        _("bénéficiaire du RSA"),
        null=True,
        blank=True,
        help_text=_("Ce que la personne déclare ; facultatif. Compté pour le Département."),
    )
    priority_neighbourhood = models.BooleanField(
        _("habite un quartier prioritaire (QPV)"),
        null=True,
        blank=True,
        help_text=_("Ce que la personne déclare ; facultatif. Compté pour le Département."),
    )
    coop_consent = models.BooleanField(
        _("accepte d'être suivie dans La Coop de la médiation numérique"),
        default=False,
        help_text=_(
            "Seules ces personnes figurent dans le fichier des bénéficiaires pour La Coop "
            "(nom, année de naissance, téléphone, commune, e-mail, genre)."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learner",
        help_text=_("Facultatif : la plupart des apprenants n'ont pas de compte."),
    )
    # Set when a public or partner enrolment gave the name and a contact of an
    # existing learner but other details: a stranger may not take over someone's
    # record, so a new one is made and staff decide (courses.services.learners.merge).
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("doublon possible de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="possible_duplicates",
    )
    # Set when the person's data were erased at their request (home.privacy): contact
    # details are gone; the name stays only while training evidence must be kept.
    erased_at = models.DateTimeField(_("données effacées le"), null=True, blank=True)
    created_at = models.DateTimeField(_("inscrit(e) le"), auto_now_add=True)

    class Meta:
        verbose_name = _("apprenant")
        verbose_name_plural = _("apprenants")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


def _free_references(enrolments):
    """Give a new reference to any enrolment whose one is already taken (6 characters:
    one in a few hundred million, but a benchmark seeds tens of thousands at once)."""
    while True:
        wanted = [enrolment.reference for enrolment in enrolments]
        taken = set()
        for start in range(0, len(wanted), 900):  # SQLite's limit on query parameters
            taken.update(
                Enrolment.objects.filter(reference__in=wanted[start : start + 900]).values_list(
                    "reference", flat=True
                )
            )
        seen, clashes = set(), []
        for enrolment in enrolments:
            if enrolment.reference in taken or enrolment.reference in seen:
                clashes.append(enrolment)
            seen.add(enrolment.reference)
        if not clashes:
            return
        for enrolment in clashes:
            enrolment.reference = new_reference()


class EnrolmentQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        _free_references(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def confirmed(self):
        return self.filter(status=EnrolmentStatus.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=EnrolmentStatus.WAITLISTED).order_by("waitlist_position", "pk")


class Enrolment(models.Model):
    """A learner's place in a session: confirmed, on the waiting list, or cancelled."""

    public_id = models.UUIDField(
        _("identifiant public"), default=uuid.uuid4, unique=True, editable=False
    )
    # What the person reads out on the phone to the centre; staff find the enrolment
    # by it. Not a key: it opens nothing by itself.
    reference = models.CharField(
        _("référence"),
        max_length=REFERENCE_LENGTH,
        unique=True,
        default=new_reference,
        editable=False,
    )
    # The secret of the short link sent by SMS (/i/<token>), which leads to the
    # learner's own page like the signed link.
    short_token = models.CharField(
        _("lien court"),
        max_length=SHORT_TOKEN_LENGTH,
        unique=True,
        default=new_short_token,
        editable=False,
    )
    session = models.ForeignKey(
        "courses.Session",
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("session"),
    )
    learner = models.ForeignKey(
        Learner, verbose_name=_("apprenant(e)"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("statut"),
        max_length=12,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.CONFIRMED,
    )
    waitlist_position = models.PositiveIntegerField(
        _("rang en liste d'attente"), null=True, blank=True
    )
    channel = models.CharField(
        _("origine"), max_length=10, choices=EnrolmentChannel.choices, default=EnrolmentChannel.SELF
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inscrit par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    referrer = models.ForeignKey(
        "courses.PartnerOrganisation",
        verbose_name=_("orientée par"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referred_enrolments",
    )
    referrer_consent = models.BooleanField(
        _("accord de suivi par la structure"),
        default=False,
        help_text=_(
            "La personne accepte que la structure qui l'a orientée suive sa présence "
            "et reçoive son attestation."
        ),
    )
    referrer_consent_at = models.DateTimeField(_("accord donné le"), null=True, blank=True)
    # A withdrawal is recorded by staff when the learner asks; the partner stops seeing
    # the enrolment at once (partners.access.visible_enrolments).
    referrer_consent_withdrawn_at = models.DateTimeField(
        _("accord retiré le"), null=True, blank=True
    )
    referrer_consent_withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("retrait enregistré par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("annulée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    promoted_at = models.DateTimeField(_("sortie de la liste d'attente le"), null=True, blank=True)
    needs_call = models.BooleanField(
        _("à appeler"),
        default=False,
        help_text=_(
            "Une place s'est libérée, ou la personne a redemandé le lien de son "
            "inscription, et elle n'a pas d'e-mail ou a été orientée par un partenaire. "
            "Appelez-la."
        ),
    )
    over_capacity = models.BooleanField(
        _("en surnombre"),
        default=False,
        help_text=_("Accepté(e) sur place au-delà des places, sur décision du formateur."),
    )
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    # The last time someone asked, through the public form, for this enrolment's
    # link again: it goes to the contact on file, at most once an hour.
    link_resent_at = models.DateTimeField(_("lien renvoyé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("inscrit(e) le"), auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "learner"], name="one_enrolment_per_learner"
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["referrer", "referrer_consent"]),
        ]

    def __str__(self):
        return f"{self.learner} — {self.session}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            _free_references([self])
        return super().save(*args, **kwargs)
