from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.choices import EnrolmentStatus


class Learner(models.Model):
    """A person who takes trainings; most never log in, many have no e-mail address."""

    first_name = models.CharField(_("prénom"), max_length=80)
    last_name = models.CharField(_("nom"), max_length=80)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    town = models.CharField(_("commune"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("apprenant")
        verbose_name_plural = _("apprenants")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class Enrolment(models.Model):
    """A learner's place in a session: confirmed, on the waiting list, or cancelled."""

    session = models.ForeignKey(
        "courses.Session", on_delete=models.PROTECT, related_name="enrolments"
    )
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(
        _("statut"),
        max_length=12,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.CONFIRMED,
    )
    waitlist_position = models.PositiveIntegerField(
        _("rang en liste d'attente"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "learner"], name="one_enrolment_per_learner"
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self):
        return f"{self.learner} — {self.session}"
