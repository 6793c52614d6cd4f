import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel

from core.roles import TRAINERS_GROUP
from courses.choices import ActionObjective, EnrolmentStatus, FundingSource, SessionStatus

MORNING_ENDS = datetime.time(12, 0)
EVENING_STARTS = datetime.time(18, 0)


class SessionQuerySet(models.QuerySet):
    def published(self):
        """Sessions of live course pages (what the public may see)."""
        return self.filter(course__live=True)

    def upcoming(self, today=None):
        """Open sessions that have not started yet: the ones a learner can still join.

        A session whose first sitting is today but has already begun is left
        out: its enrolment is closed (`courses.services.enrolment.check_open`).
        """
        now = timezone.localtime()
        today = today or now.date()
        begun_today = Sitting.objects.filter(
            session=OuterRef("pk"), date=now.date(), start_time__lte=now.time()
        )
        return self.filter(status=SessionStatus.OPEN, start_date__gte=today).exclude(
            Exists(begun_today)
        )

    def finished(self, now=None):
        return self.filter(finished_q(now))

    def with_seats(self):
        """Annotate `confirmed_count`, read by `Session.seats_left` without another query."""
        return self.annotate(
            confirmed_count=Count(
                "enrolments", filter=Q(enrolments__status=EnrolmentStatus.CONFIRMED)
            )
        )

    def with_seats_left(self):
        return self.with_seats().filter(confirmed_count__lt=F("capacity"))

    def for_listing(self):
        """Everything a listing shows, in a fixed number of queries."""
        return (
            self.with_seats()
            .select_related("venue", "course")
            .prefetch_related("sittings")
            .order_by("start_date", "pk")
        )


def finished_q(now=None, prefix=""):
    """SQL twin of `Session.is_finished` (the same rule), for filters and annotations.

    `prefix` reaches the session from another model, e.g. "session__" from enrolments.
    """
    now = timezone.localtime(now)
    sittings = Sitting.objects.filter(session=OuterRef(prefix + "pk"))
    last_ended = Q(**{prefix + "end_date__lt": now.date()}) | (
        Q(**{prefix + "end_date": now.date()})
        & ~Exists(sittings.filter(date=now.date(), end_time__gt=now.time()))
    )
    all_closed = Exists(sittings) & ~Exists(sittings.filter(closed_at__isnull=True))
    return Q(**{prefix + "status": SessionStatus.FINISHED}) | (
        ~Q(**{prefix + "status": SessionStatus.CANCELLED}) & (last_ended | all_closed)
    )


class Session(ClusterableModel):
    """One scheduled run of a course at a venue, made of dated sittings."""

    public_id = models.UUIDField(
        _("identifiant public"), default=uuid.uuid4, unique=True, editable=False
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("formation"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    venue = models.ForeignKey(
        "courses.Venue", verbose_name=_("lieu"), on_delete=models.PROTECT, related_name="sessions"
    )
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("formateurs"),
        blank=True,
        related_name="taught_sessions",
        limit_choices_to={"groups__name": TRAINERS_GROUP},
        help_text=_("Les membres du groupe « Formateurs »."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("nombre de places"),
        default=10,
        help_text=_("Au-delà, les inscrits passent en liste d'attente."),
    )
    status = models.CharField(
        _("statut"),
        max_length=12,
        choices=SessionStatus.choices,
        default=SessionStatus.OPEN,
        db_index=True,
    )
    # First and last sitting dates, kept in step with the sittings (courses.signals)
    # so that listings filter and sort sessions without touching every sitting.
    start_date = models.DateField(_("début"), null=True, editable=False, db_index=True)
    end_date = models.DateField(_("fin"), null=True, editable=False)
    notes = models.TextField(
        _("note interne"), blank=True, help_text=_("Visible seulement dans l'administration.")
    )
    # For the funders' reports (reports.queries): who pays, and the BPF's objective.
    funding = models.CharField(
        _("financement"),
        max_length=20,
        choices=FundingSource.choices,
        default=FundingSource.OWN_FUNDS,
        help_text=_("Qui paie ces places."),
    )
    objective = models.CharField(
        _("objectif de l'action"),
        max_length=20,
        choices=ActionObjective.choices,
        default=ActionObjective.OTHER_TRAINING,
        help_text=_("Pour le bilan pédagogique et financier (cadre F-3)."),
    )

    objects = SessionQuerySet.as_manager()

    panels = [
        FieldPanel("course"),
        FieldPanel("venue"),
        FieldPanel("trainers"),
        MultiFieldPanel([FieldPanel("capacity"), FieldPanel("status")], heading=_("Places")),
        InlinePanel("sittings", heading=_("Séances"), label=_("Séance"), min_num=1),
        MultiFieldPanel(
            [FieldPanel("funding"), FieldPanel("objective")], heading=_("Pour les financeurs")
        ),
        FieldPanel("notes"),
    ]

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["status", "start_date"])]

    def __str__(self):
        when = self.start_date.strftime("%d/%m/%Y") if self.start_date else _("sans date")
        return f"{self.course.title} — {self.venue.town}, {when}"

    @cached_property
    def confirmed(self):
        if hasattr(self, "confirmed_count"):
            return self.confirmed_count
        return self.enrolments.filter(status=EnrolmentStatus.CONFIRMED).count()

    @property
    def seats_left(self):
        return max(self.capacity - self.confirmed, 0)

    @property
    def is_full(self):
        return self.seats_left == 0

    @cached_property
    def ordered_sittings(self):
        return sorted(self.sittings.all(), key=lambda s: (s.date, s.start_time))

    @property
    def same_times(self):
        """True when every sitting has the same hours (then one line describes them all)."""
        return len({(s.start_time, s.end_time) for s in self.ordered_sittings}) <= 1

    def clean(self):
        super().clean()
        self.check_capacity()

    def check_capacity(self):
        """The seats cannot drop below the confirmed enrolments."""
        if self.pk and self.capacity is not None:
            confirmed = self.enrolments.filter(status=EnrolmentStatus.CONFIRMED).count()
            if self.capacity < confirmed:
                raise ValidationError(
                    {
                        "capacity": _(
                            "%(count)d personnes ont déjà une place confirmée : annulez ou "
                            "mettez en liste d'attente des inscriptions avant de réduire "
                            "le nombre de places."
                        )
                        % {"count": confirmed}
                    }
                )

    def save(self, *args, **kwargs):
        """Saving locks the session row first, like enrolling does, and checks the seats
        again under the lock: an enrolment arriving while staff lower the capacity is
        counted, never overbooked (ValidationError, nothing saved)."""
        if self.pk is None:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            Session.objects.select_for_update().filter(pk=self.pk).values_list("pk").first()
            self.check_capacity()
            return super().save(*args, **kwargs)

    def is_finished(self, now=None):
        """Finished once its last sitting has ended or every sitting is closed (or staff
        marked it finished); a cancelled session never is. SQL twin: `finished_q`."""
        if self.status == SessionStatus.CANCELLED:
            return False
        if self.status == SessionStatus.FINISHED:
            return True
        sittings = list(self.sittings.order_by("-date", "-end_time"))
        if not sittings:
            return False
        return sittings[0].ends_at() <= (now or timezone.now()) or all(
            sitting.is_closed for sitting in sittings
        )

    def refresh_date_range(self):
        """Copy the first and last sitting dates onto the session (one UPDATE)."""
        bounds = Sitting.objects.filter(session=self).aggregate(first=Min("date"), last=Max("date"))
        Session.objects.filter(pk=self.pk).update(
            start_date=bounds["first"], end_date=bounds["last"]
        )
        self.start_date, self.end_date = bounds["first"], bounds["last"]


def sitting_hours(start_time, end_time):
    """A sitting's length in hours (Decimal), from its times: `Sitting.hours`, and the
    funders' reports, which read sittings as values."""
    start = datetime.datetime.combine(datetime.date.min, start_time)
    end = datetime.datetime.combine(datetime.date.min, end_time)
    return Decimal((end - start).total_seconds()) / 3600


class Sitting(models.Model):
    """One dated time slot of a session (typically a half-day): attendance is kept per sitting."""

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="sittings")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("début"))
    end_time = models.TimeField(_("fin"))

    # Closing: the trainer signs, unmarked learners become absent, the sitting is locked.
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clôturée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    trainer_signature = models.TextField(_("signature du formateur"), blank=True, editable=False)
    trainer_signature_device_time = models.DateTimeField(
        _("signée le (tablette)"), null=True, blank=True, editable=False
    )
    trainer_signature_device_id = models.CharField(
        _("tablette de la signature"), max_length=64, blank=True, editable=False
    )
    trainer_signature_flagged = models.BooleanField(
        _("signée hors créneau"), default=False, editable=False
    )

    panels = [FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        indexes = [models.Index(fields=["session", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="sitting_ends_after_it_starts"
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError(
                {"end_time": _("L'heure de fin doit être après l'heure de début.")}
            )

    @property
    def is_closed(self):
        return self.closed_at is not None

    @property
    def half_day(self):
        """Matin / après-midi / soir: attendance sheets count half-days."""
        if self.start_time.hour < 12:
            return _("Matin")
        if self.start_time.hour < 18:
            return _("Après-midi")
        return _("Soir")

    @property
    def hours(self):
        """Its length in hours, as a Decimal: what attendance rates and certificates count."""
        return sitting_hours(self.start_time, self.end_time)

    def starts_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.date, self.start_time))

    def ends_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.date, self.end_time))
