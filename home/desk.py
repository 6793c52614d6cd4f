"""The coordinators' desk: what the admin's home page shows first.

Each panel is a count, the first few items and a link to the filtered admin list
behind it, where the same rule (the `todo` modules of courses, attendance and
certificates) gives the same count. A fixed number of queries whatever the
volume: two per panel at most (the certificates' three, once for both of theirs).
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from attendance import todo as attendance_todo
from certificates import todo as certificates_todo
from core.roles import is_coordinator
from courses import todo as courses_todo
from reports import periods
from reports import queries as report_queries
from reports.views import report_url

FIRST_ITEMS = 5


@dataclass
class Item:
    label: str
    url: str = ""
    detail: str = ""
    warning: bool = False


@dataclass
class Panel:
    key: str
    title: str
    count: int
    summary: str  # the count in a sentence
    url: str  # the filtered admin list behind the count
    link_text: str
    items: list = field(default_factory=list)
    empty: str = ""
    extra: "Panel | None" = None  # a second figure in the same panel (absences)


def _url(name, args=(), **params):
    url = reverse(name, args=args)
    return f"{url}?{urlencode(params)}" if params else url


def _session_url(session_id):
    return reverse("wagtailsnippets_courses_session:enrolments", args=[session_id])


def _roster_url(sitting):
    return reverse("attendance:trainer_roster", args=[sitting.pk])


def _sitting_label(sitting, with_date=False):
    when = f"{sitting.start_time:%H:%M}–{sitting.end_time:%H:%M}"
    if with_date:
        when = f"{date_format(sitting.date, 'D j N')} {when}"
    return f"{when} · {sitting.session.course.title} ({sitting.session.venue.town})"


def _marks(sitting):
    marked = ngettext(
        "%(marked)d pointé(e) sur %(enrolled)d",
        "%(marked)d pointé(e)s sur %(enrolled)d",
        sitting.marked_count,
    ) % {"marked": sitting.marked_count, "enrolled": sitting.enrolled_count}
    closed = _("clôturée") if sitting.closed_at else _("pas clôturée")
    return f"{marked} — {closed}"


def todays_sittings(today):
    sittings = list(
        attendance_todo.with_marks(attendance_todo.sittings_on(today)).select_related(
            "session__course", "session__venue"
        )
    )
    count = len(sittings)
    day = today.isoformat()
    return Panel(
        key="today",
        title=_("Séances du jour"),
        count=count,
        summary=ngettext("%(count)d séance aujourd'hui", "%(count)d séances aujourd'hui", count)
        % {"count": count},
        url=_url("wagtailsnippets_courses_sitting:list", date_from=day, date_to=day),
        link_text=_("Voir toutes les séances du jour"),
        items=[
            Item(
                _sitting_label(sitting),
                _roster_url(sitting),
                _marks(sitting),
                warning=sitting.marked_count < sitting.enrolled_count,
            )
            for sitting in sittings[:FIRST_ITEMS]
        ],
        empty=_("Aucune séance aujourd'hui."),
    )


def sittings_to_close(today):
    sittings = attendance_todo.sittings_to_close(today)
    count = sittings.count()
    first = attendance_todo.with_marks(sittings).select_related(
        "session__course", "session__venue"
    )[:FIRST_ITEMS]
    return Panel(
        key="to_close",
        title=_("Séances passées à clôturer"),
        count=count,
        summary=ngettext(
            "%(count)d séance passée n'est pas clôturée",
            "%(count)d séances passées ne sont pas clôturées",
            count,
        )
        % {"count": count},
        url=_url("wagtailsnippets_courses_sitting:list", to_close="true"),
        link_text=_("Voir toutes les séances à clôturer"),
        items=[
            Item(
                _sitting_label(sitting, with_date=True),
                _roster_url(sitting),
                _marks(sitting),
                warning=True,
            )
            for sitting in first
        ],
        empty=_("Toutes les séances passées sont clôturées."),
    )


def people_to_call(today):
    enrolments = courses_todo.call_list()
    count = enrolments.count()
    first = enrolments.select_related("learner", "session__course").order_by("-promoted_at", "-pk")[
        :FIRST_ITEMS
    ]
    absences = attendance_todo.recent_absences(today)
    absences_count = absences.count()
    since, until = attendance_todo.absence_range(today)
    return Panel(
        key="to_call",
        title=_("Personnes à appeler"),
        count=count,
        summary=ngettext("%(count)d personne à appeler", "%(count)d personnes à appeler", count)
        % {"count": count},
        url=_url("wagtailsnippets_courses_enrolment:list", needs_call="true"),
        link_text=_("Voir toute la liste d'appel"),
        items=[
            Item(
                str(enrolment.learner),
                _session_url(enrolment.session_id),
                f"{enrolment.learner.phone or _('pas de téléphone')} — "
                f"{enrolment.session.course.title}",
            )
            for enrolment in first
        ],
        empty=_("Personne à appeler."),
        extra=Panel(
            key="absences",
            title=_("Absences des derniers jours"),
            count=absences_count,
            summary=ngettext(
                "%(count)d absence en %(days)d jours",
                "%(count)d absences en %(days)d jours",
                absences_count,
            )
            % {"count": absences_count, "days": attendance_todo.RECENT_ABSENCE_DAYS},
            url=_url(
                "wagtailsnippets_attendance_attendance:list",
                status="absent",
                sitting__date_from=since.isoformat(),
                sitting__date_to=until.isoformat(),
            ),
            link_text=_("Voir les absences"),
        ),
    )


def waiting_lists(now):
    sessions = courses_todo.sessions_with_free_seat_and_waiting(now)
    people = courses_todo.waiting_with_free_seat(now).count()
    first = sessions.select_related("course", "venue").order_by("start_date", "pk")[:FIRST_ITEMS]
    return Panel(
        key="waiting",
        title=_("Listes d'attente avec une place libre"),
        count=people,
        summary=ngettext(
            "%(count)d personne attend alors qu'une place est libre",
            "%(count)d personnes attendent alors qu'une place est libre",
            people,
        )
        % {"count": people},
        url=_url("wagtailsnippets_courses_enrolment:list", free_seat="true"),
        link_text=_("Voir les personnes en attente"),
        items=[
            Item(
                str(session),
                _session_url(session.pk),
                ngettext("%(free)d place libre", "%(free)d places libres", session.seats_left)
                % {"free": session.seats_left}
                + " — "
                + ngettext("%(count)d en attente", "%(count)d en attente", session.waiting_count)
                % {"count": session.waiting_count},
            )
            for session in first
        ],
        empty=_("Aucune place libre avec des personnes en attente."),
    )


def certificates(now):
    """Two panels from one computation: earned but not issued, below the threshold."""
    found = certificates_todo.awaiting(now)
    list_url = "attestations_a_delivrer:index"

    earned_by_session = {}
    for enrolment in found.earned:
        earned_by_session.setdefault(enrolment.session_id, []).append(enrolment)
    earned_count = len(found.earned)
    earned = Panel(
        key="to_issue",
        title=_("Sessions terminées, attestations à délivrer"),
        count=earned_count,
        summary=ngettext(
            "%(count)d attestation méritée pas encore délivrée",
            "%(count)d attestations méritées pas encore délivrées",
            earned_count,
        )
        % {"count": earned_count}
        + " "
        + ngettext("(%(sessions)d session)", "(%(sessions)d sessions)", len(earned_by_session))
        % {"sessions": len(earned_by_session)},
        url=_url(list_url, decision=certificates_todo.EARNED),
        link_text=_("Voir les attestations à délivrer"),
        items=[
            Item(
                str(enrolments[0].session),
                _session_url(session_id),
                ngettext(
                    "%(count)d attestation à délivrer",
                    "%(count)d attestations à délivrer",
                    len(enrolments),
                )
                % {"count": len(enrolments)},
            )
            for session_id, enrolments in list(earned_by_session.items())[:FIRST_ITEMS]
        ],
        empty=_("Toutes les attestations méritées sont délivrées."),
    )
    below_count = len(found.below)
    below = Panel(
        key="to_decide",
        title=_("Sous le seuil de présence : à décider"),
        count=below_count,
        summary=ngettext(
            "%(count)d personne sous le seuil attend une décision",
            "%(count)d personnes sous le seuil attendent une décision",
            below_count,
        )
        % {"count": below_count},
        url=_url(list_url, decision=certificates_todo.BELOW),
        link_text=_("Voir les personnes sous le seuil"),
        items=[
            Item(
                str(enrolment.learner),
                _session_url(enrolment.session_id),
                _("%(rate)d %% des heures pour %(threshold)d %% demandés — %(course)s")
                % {
                    "rate": enrolment.summary.rate,
                    "threshold": enrolment.session.course.completion_threshold,
                    "course": enrolment.session.course.title,
                },
            )
            for enrolment in found.below[:FIRST_ITEMS]
        ],
        empty=_("Personne sous le seuil n'attend de décision."),
    )
    return [earned, below]


# Who sees which panel: the permission of the list it links to.
PERMISSIONS = {
    "today": "courses.view_session",
    "to_close": "courses.view_session",
    "to_call": "courses.view_enrolment",
    "waiting": "courses.view_enrolment",
    "certificates": "certificates.view_certificate",
}


def panels(user, now=None):
    """The desk's panels `user` may follow, in the order of a coordinator's day."""
    now = timezone.localtime(now)
    today = now.date()
    found = []
    if user.has_perm(PERMISSIONS["today"]):
        found += [todays_sittings(today), sittings_to_close(today)]
    if user.has_perm(PERMISSIONS["to_call"]):
        found += [people_to_call(today), waiting_lists(now)]
    if user.has_perm(PERMISSIONS["certificates"]) and user.has_perm("courses.view_enrolment"):
        found += certificates(now)
    return found


# --- This month at a glance (reports) -------------------------------------------------


@dataclass
class Figure:
    label: str
    value: str
    url: str


def month_at_a_glance(user, now=None):
    """The month's key figures for coordinators, each linking to the report behind it."""
    if not is_coordinator(user):
        return None
    today = timezone.localtime(now).date()
    period = periods.month(today)
    figures = report_queries.glance(period, today)

    def link(slug, **filters):
        return report_url(slug, period, **filters)

    def rate(value):
        return "—" if value is None else f"{value} %"

    items = [
        Figure(_("Sessions qui commencent"), str(figures.sessions), link("activite")),
        Figure(
            _("Places offertes (remplies)"),
            f"{figures.seats} ({rate(figures.fill_rate)})",
            link("activite"),
        ),
        Figure(
            _("Heures dispensées"), f"{figures.hours:.1f} h".replace(".", ","), link("activite")
        ),
        Figure(_("Personnes venues"), str(figures.learners), link("activite")),
        Figure(_("Taux de présence"), rate(figures.attendance_rate), link("activite")),
        Figure(
            _("Taux d'attestation (sessions finies)"),
            rate(figures.completion_rate),
            link("activite"),
        ),  # fmt: skip
        Figure(_("Attestations délivrées"), str(figures.certificates), link("activite")),
    ]
    items += [
        Figure(_("Inscriptions : %(channel)s") % {"channel": label}, str(count), link("activite"))
        for label, count in figures.channels
    ]
    return {
        "title": _("Ce mois-ci : %(month)s") % {"month": period},
        "figures": items,
        "referrals": [
            Figure(name, str(count), link("partenaires")) for name, count in figures.referrals[:5]
        ],
        "lab_stops": [
            Figure(
                town,
                _("%(sessions)d session(s), %(people)d personne(s)")
                % {"sessions": sessions, "people": people},
                link("activite"),  # its table "Étapes du Numixs Lab" gives the same figures
            )
            for town, sessions, people in figures.lab_stops
        ],  # fmt: skip
        "reports_url": reverse("reports:index"),
    }
