"""Attendance per sitting (half-day): marks, notes, signatures and their history.

`Attendance` is the current state of one learner in one sitting; every change
that reaches the server, from the online form or from a tablet that was
offline, is kept in `AttendanceChange` (append-only), because attendance
sheets are evidence. The rules that turn changes into state live in
`attendance.services`.
"""

import datetime

from django.conf import settings
from django.contrib.admin import display as admin_display
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Présent(e)")
    LATE = "late", _("En retard")
    ABSENT = "absent", _("Absent(e)")
    EXCUSED = "excused", _("Excusé(e)")


class ChangeKind(models.TextChoices):
    MARK = "mark", _("Présence")
    NOTE = "note", _("Note")
    SIGNATURE = "signature", _("Signature")


# What else a tablet sends in the same ordered outbox as its changes (never stored
# as an AttendanceChange of their own kind): a person added on the spot, whose
# "present" mark carries the walk-in's id, and the trainer's closing.
WALK_IN = "walk_in"
CLOSE = "close"


class Attendance(models.Model):
    sitting = models.ForeignKey(
        "courses.Sitting",
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("séance"),
    )
    enrolment = models.ForeignKey(
        "courses.Enrolment",
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("inscription"),
    )
    status = models.CharField(
        _("présence"), max_length=10, choices=AttendanceStatus.choices, blank=True
    )
    status_device_time = models.DateTimeField(
        _("pointé le (tablette)"), null=True, blank=True, editable=False
    )
    note = models.TextField(_("note"), blank=True, max_length=500)
    note_device_time = models.DateTimeField(
        _("note écrite le (tablette)"), null=True, blank=True, editable=False
    )
    # The learner's signature: an SVG path in a 300 x 100 box, drawn with a finger.
    signature = models.TextField(_("signature"), blank=True)
    signature_device_time = models.DateTimeField(_("signée le (tablette)"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signée le (serveur)"), null=True, blank=True)
    signature_device_id = models.CharField(_("tablette"), max_length=64, blank=True)
    signature_flagged = models.BooleanField(
        _("signée hors créneau"),
        default=False,
        help_text=_("Signée en dehors des horaires de la séance (marge comprise)."),
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pointé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("pointé le (serveur)"), null=True, blank=True)
    device_id = models.CharField(_("tablette"), max_length=64, blank=True)

    class Meta:
        db_table = "courses_attendance"  # created by the courses app: the rows stayed
        verbose_name = _("émargement")
        verbose_name_plural = _("émargements")
        constraints = [
            models.UniqueConstraint(fields=["sitting", "enrolment"], name="one_attendance")
        ]

    def __str__(self):
        return f"{self.enrolment.learner} — {self.sitting}"


class AttendanceChange(models.Model):
    """One change as it reached the server; never updated, never deleted."""

    client_id = models.UUIDField(_("identifiant du changement"), unique=True)
    sitting = models.ForeignKey(
        "courses.Sitting",
        on_delete=models.PROTECT,
        related_name="attendance_changes",
        verbose_name=_("séance"),
    )
    enrolment = models.ForeignKey(
        "courses.Enrolment",
        on_delete=models.PROTECT,
        related_name="attendance_changes",
        verbose_name=_("inscription"),
    )
    kind = models.CharField(_("type"), max_length=10, choices=ChangeKind.choices)
    value = models.TextField(_("valeur"), blank=True)
    previous_value = models.TextField(_("valeur précédente"), blank=True)
    device_time = models.DateTimeField(_("heure de la tablette"))
    server_time = models.DateTimeField(_("heure du serveur"), auto_now_add=True)
    # The tablet's clock offset when it sent this change (server time minus tablet
    # time, zero within two minutes): device_time + offset is the server-clock time.
    device_clock_offset = models.DurationField(
        _("décalage de l'horloge de la tablette"), default=datetime.timedelta(0)
    )
    device_id = models.CharField(_("tablette"), max_length=64, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied = models.BooleanField(
        _("appliqué"),
        default=True,
        help_text=_(
            "Faux quand un changement plus récent (heure de la tablette) l'avait déjà remplacé."
        ),
    )

    class Meta:
        db_table = "courses_attendancechange"  # created by the courses app: the rows stayed
        verbose_name = _("changement d'émargement")
        verbose_name_plural = _("historique des émargements")
        ordering = ["server_time", "pk"]
        indexes = [models.Index(fields=["sitting", "enrolment"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.short_value()} ({self.device_time:%d/%m %H:%M})"

    @admin_display(description=_("valeur"))
    def short_value(self):
        return self._readable(self.value)

    @admin_display(description=_("valeur précédente"))
    def short_previous_value(self):
        return self._readable(self.previous_value)

    def _readable(self, value):
        """A mark's label, "signature" for a drawing, a note's first words."""
        if self.kind == ChangeKind.SIGNATURE:
            return _("signature") if value else _("signature effacée")
        if self.kind == ChangeKind.MARK:
            return AttendanceStatus(value).label if value else _("non pointé")
        return value[:60]


class SittingReopening(models.Model):
    """A coordinator reopened a closed sitting: who, when and why."""

    sitting = models.ForeignKey(
        "courses.Sitting",
        on_delete=models.PROTECT,
        related_name="reopenings",
        verbose_name=_("séance"),
    )
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("rouverte par"),
    )
    reopened_at = models.DateTimeField(_("rouverte le"), auto_now_add=True)
    reason = models.TextField(_("motif"))
    closed_at = models.DateTimeField(_("clôturée le"), help_text=_("La clôture annulée."))

    class Meta:
        db_table = "courses_sittingreopening"  # created by the courses app: the rows stayed
        verbose_name = _("réouverture de séance")
        verbose_name_plural = _("réouvertures de séances")

    def __str__(self):
        return f"{self.sitting} — {self.reason[:40]}"


class SittingClosing(models.Model):
    """A closing sent by a tablet, by its id: the same closing sent twice is applied once."""

    client_id = models.UUIDField(_("identifiant de la clôture"), unique=True)
    sitting = models.ForeignKey(
        "courses.Sitting",
        on_delete=models.PROTECT,
        related_name="closings",
        verbose_name=_("séance"),
    )
    received_at = models.DateTimeField(_("reçue le"), auto_now_add=True)

    class Meta:
        verbose_name = _("clôture envoyée par une tablette")
        verbose_name_plural = _("clôtures envoyées par les tablettes")

    def __str__(self):
        return f"{self.sitting} — {self.client_id}"


@register_setting(icon="time")
class AttendanceSettings(BaseGenericSetting):
    signature_margin_minutes = models.PositiveSmallIntegerField(
        _("marge des signatures (minutes)"),
        default=30,
        help_text=_(
            "Une signature donnée plus tôt ou plus tard que les horaires de la séance, "
            "au-delà de cette marge, est acceptée mais signalée sur la feuille d'émargement."
        ),
    )

    panels = [FieldPanel("signature_margin_minutes")]

    class Meta:
        db_table = "courses_attendancesettings"  # created by the courses app: the rows stayed
        verbose_name = _("émargement")
