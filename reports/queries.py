"""The funders' figures: one function per report, each a few queries whatever the period.

Every report starts from the same facts, loaded once: the sittings that took place in
the period (a cancelled session's never did; a sitting after `today` has not yet), and
the presences at them (present or late, walk-ins included: they are enrolments). The
counting is then done here, in Python, so SQLite and PostgreSQL give the same figures
and the number of queries does not grow with the period or the data.

Definitions (also on each report's page):
- hours delivered: the length of every sitting that took place;
- learner-hours: the length of a sitting once for every person present or late;
- people are counted once, however many sittings or sessions they attended;
- a session is counted in a period when one of its sittings took place in it.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attendance.models import Attendance, AttendanceStatus
from attendance.summary import ATTENDED
from certificates.models import Certificate
from courses.choices import (
    AUDIENCE_FIELDS,
    ActionObjective,
    CoopTheme,
    EnrolmentChannel,
    EnrolmentStatus,
    FundingSource,
    Gender,
    Level,
    SessionStatus,
    Situation,
    VenueKind,
)
from courses.models import Enrolment, Session, Sitting
from courses.models.sessions import sitting_hours
from reports.periods import Filters, Period
from reports.tables import (
    COUNT,
    DATE,
    HOURS,
    MONTH,
    PEOPLE,
    PERCENT,
    PRIVATE,
    TEXT,
    Chart,
    Column,
    Report,
    Table,
    percent,
)

EVERYTHING = Filters()
SITTING_FIELDS = (
    "pk", "date", "start_time", "end_time", "session_id", "session__capacity",
    "session__funding", "session__objective", "session__course__title",
    "session__course__topic__name", "session__course__topic__coop_theme",
    "session__course__level", "session__venue__name", "session__venue__kind",
    "session__venue__town", "session__venue__postcode", "session__venue__insee_code",
    *(f"session__course__{name}" for name in AUDIENCE_FIELDS.values()),
)  # fmt: skip
LEARNER_FIELDS = (
    "enrolment__learner__first_name", "enrolment__learner__last_name",
    "enrolment__learner__birth_year", "enrolment__learner__gender",
    "enrolment__learner__town", "enrolment__learner__postcode",
    "enrolment__learner__insee_code", "enrolment__learner__phone",
    "enrolment__learner__email", "enrolment__learner__situation",
    "enrolment__learner__employer", "enrolment__learner__receives_minimum_income",
    "enrolment__learner__priority_neighbourhood", "enrolment__learner__coop_consent",
)  # fmt: skip


def hours_between(start, end):
    """A sitting's length (two decimals), by the rule of `Sitting.hours`."""
    return sitting_hours(start, end).quantize(Decimal("0.01"))


def narrowed(queryset, filters, to_session=""):
    """`queryset` narrowed by the filters; `to_session` is the path to its session."""
    if filters.audience in AUDIENCE_FIELDS:
        field_name = AUDIENCE_FIELDS[filters.audience]
        queryset = queryset.filter(**{f"{to_session}course__{field_name}": True})
    if filters.topic:
        queryset = queryset.filter(**{f"{to_session}course__topic_id": filters.topic})
    if filters.town:
        queryset = queryset.filter(**{f"{to_session}venue__town": filters.town})
    if filters.venue:
        queryset = queryset.filter(**{f"{to_session}venue_id": filters.venue})
    if filters.partner:
        queryset = queryset.filter(
            **{f"{to_session}enrolments__referrer_id": filters.partner}
        ).distinct()
    return queryset


def held_sittings(period, filters, today):
    """The sittings that took place in the period, narrowed by the filters (a queryset)."""
    sittings = Sitting.objects.filter(date__range=(period.start, min(period.end, today))).exclude(
        session__status=SessionStatus.CANCELLED
    )
    return narrowed(sittings, filters, "session__")


@dataclass
class Facts:
    """The period's sittings (dicts with their `hours`) and presences, loaded once."""

    sittings: list
    presences: list
    by_sitting: dict = field(default_factory=dict)

    def __post_init__(self):
        for sitting in self.sittings:
            sitting["hours"] = hours_between(sitting["start_time"], sitting["end_time"])
            self.by_sitting[sitting["pk"]] = []
        for presence in self.presences:
            self.by_sitting.setdefault(presence["sitting_id"], []).append(presence)

    def sitting(self, presence):
        return self._index[presence["sitting_id"]]

    @property
    def _index(self):
        if not hasattr(self, "_sitting_index"):
            self._sitting_index = {s["pk"]: s for s in self.sittings}
        return self._sitting_index


def load_facts(period, filters, today, learner_fields=()):
    """Two queries: the held sittings, and who was there (present or late)."""
    sittings = held_sittings(period, filters, today)
    presences = Attendance.objects.filter(sitting__in=sittings.values("pk"), status__in=ATTENDED)
    if filters.partner:
        presences = presences.filter(enrolment__referrer_id=filters.partner)
    return Facts(
        sittings=list(sittings.order_by("date", "start_time", "pk").values(*SITTING_FIELDS)),
        presences=list(
            presences.values(
                "sitting_id",
                "enrolment_id",
                "enrolment__learner_id",
                "enrolment__session_id",
                *learner_fields,
            )  # fmt: skip
        ),
    )


@dataclass
class Measures:
    sessions: set = field(default_factory=set)
    sittings: int = 0
    hours: Decimal = Decimal(0)
    learners: set = field(default_factory=set)
    learner_hours: Decimal = Decimal(0)

    def add(self, sitting, presences):
        self.sessions.add(sitting["session_id"])
        self.sittings += 1
        self.hours += sitting["hours"]
        for presence in presences:
            self.learners.add(presence["enrolment__learner_id"])
            self.learner_hours += sitting["hours"]

    def row(self):
        return [
            len(self.sessions), self.sittings, self.hours, len(self.learners), self.learner_hours
        ]  # fmt: skip


MEASURE_COLUMNS = [
    Column(gettext_lazy("Sessions"), COUNT),
    Column(gettext_lazy("Séances"), COUNT),
    Column(gettext_lazy("Heures dispensées"), HOURS),
    Column(gettext_lazy("Personnes"), PEOPLE),
    Column(gettext_lazy("Heures-stagiaires"), HOURS),
]


def measured(facts, keys):
    """{key: Measures} for every sitting, `keys(sitting)` giving the keys it counts under."""
    result = defaultdict(Measures)
    for sitting in facts.sittings:
        for key in keys(sitting):
            result[key].add(sitting, facts.by_sitting[sitting["pk"]])
    return result


def total(facts):
    measures = Measures()
    for sitting in facts.sittings:
        measures.add(sitting, facts.by_sitting[sitting["pk"]])
    return measures


def audiences_of(sitting):
    return [
        audience.label
        for audience, name in AUDIENCE_FIELDS.items()
        if sitting[f"session__course__{name}"]
    ] or [_("Sans public précisé")]


def _dimension_table(facts, slug, title, label, keys, horizontal=False):
    groups = measured(facts, keys)
    rows = [[key, *groups[key].row()] for key in sorted(groups, key=str)]
    return Table(
        slug=slug,
        title=title,
        columns=[Column(label, TEXT), *MEASURE_COLUMNS],
        rows=rows,
        totals=[_("Total"), *total(facts).row()],
        chart=Chart(values=[5], horizontal=horizontal),
    )


def _marks_by_month(period, filters, today):
    """{month: [present or late, all marks]} at the held sittings (one query)."""
    marks = Attendance.objects.filter(
        sitting__in=held_sittings(period, filters, today).values("pk")
    )
    if filters.partner:
        marks = marks.filter(enrolment__referrer_id=filters.partner)
    result = defaultdict(lambda: [0, 0])
    for day, status, count in (
        marks.values_list("sitting__date", "status").annotate(n=Count("pk")).order_by()
    ):
        result[day.replace(day=1)][1] += count
        if status in ATTENDED:
            result[day.replace(day=1)][0] += count
    return result


def _offer(period, filters):
    """Sessions starting in the period (not cancelled), their seats and confirmed places."""
    sessions = narrowed(
        Session.objects.filter(start_date__range=(period.start, period.end)).exclude(
            status=SessionStatus.CANCELLED
        ),
        filters,
    )
    confirmed = Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.CONFIRMED))
    by_month = defaultdict(lambda: [0, 0, 0])
    for start, capacity, places in sessions.annotate(confirmed=confirmed).values_list(
        "start_date", "capacity", "confirmed"
    ):
        figures = by_month[start.replace(day=1)]
        figures[0] += 1
        figures[1] += capacity
        figures[2] += places
    return by_month


def _offer_row(figures):
    sessions, seats, places = figures
    return [sessions, seats, places, percent(places, seats)]


def _channels(period, filters):
    """Enrolments made in the period, by how they were made (one query)."""
    enrolments = narrowed(
        Enrolment.objects.filter(created_at__date__range=(period.start, period.end)),
        filters,
        "session__",
    )
    if filters.partner:
        enrolments = enrolments.filter(referrer_id=filters.partner)
    counts = dict(enrolments.values_list("channel").annotate(n=Count("pk")).order_by())
    return [[choice.label, counts.get(choice.value, 0)] for choice in EnrolmentChannel]


def _certificates(period, filters, today):
    """Certificates issued in the period; confirmed places of the sessions that ended in it
    (up to today) and how many of them got their certificate (two queries)."""
    issued = narrowed(
        Certificate.objects.filter(
            issued_at__date__range=(period.start, period.end), revoked_at__isnull=True
        ),
        filters,
        "enrolment__session__",
    )
    ended = narrowed(
        Enrolment.objects.filter(
            session__end_date__range=(period.start, min(period.end, today)),
            status=EnrolmentStatus.CONFIRMED,
        ).exclude(session__status=SessionStatus.CANCELLED),
        filters,
        "session__",
    )
    if filters.partner:
        issued = issued.filter(enrolment__referrer_id=filters.partner)
        ended = ended.filter(referrer_id=filters.partner)
    valid = Q(certificate__isnull=False, certificate__revoked_at__isnull=True)
    places = ended.aggregate(all=Count("pk", distinct=True), certified=Count("pk", filter=valid))
    return [
        str(period).capitalize(), issued.count(), places["all"], places["certified"],
        percent(places["certified"], places["all"]),
    ]  # fmt: skip


def activity(period, filters=EVERYTHING, *, today):
    """Report 1: what was delivered, by month and by audience, topic, town and venue; the
    offer, how people enrolled and the certificates (the admin home's month reads it)."""
    facts = load_facts(period, filters, today)
    by_month = measured(facts, lambda s: [s["date"].replace(day=1)])
    marks = _marks_by_month(period, filters, today)
    all_marks = [sum(m[0] for m in marks.values()), sum(m[1] for m in marks.values())]
    lab = [s for s in facts.sittings if s["session__venue__kind"] == VenueKind.LAB_STOP]
    lab_facts = Facts(lab, [p for s in lab for p in facts.by_sitting[s["pk"]]])
    months = Table(
        slug="mois",
        title=_("Par mois"),
        columns=[
            Column(_("Mois"), MONTH),
            *MEASURE_COLUMNS,
            Column(_("Taux de présence"), PERCENT),
        ],  # fmt: skip
        rows=[[month, *by_month[month].row(), percent(*marks[month])] for month in period.months()],
        totals=[_("Total"), *total(facts).row(), percent(*all_marks)],
        chart=Chart(values=[3, 5], description=_("Heures dispensées et heures-stagiaires")),
        note=_("Taux de présence : pointages « présent » ou « en retard » sur tous les pointages."),
    )
    offer = _offer(period, filters)
    offer_table = Table(
        slug="offre",
        title=_("Offre : sessions et places"),
        columns=[
            Column(_("Mois"), MONTH),
            Column(_("Sessions qui commencent"), COUNT),
            Column(_("Places offertes"), COUNT),
            Column(_("Places confirmées"), PEOPLE),
            Column(_("Taux de remplissage"), PERCENT),
        ],  # fmt: skip
        rows=[[month, *_offer_row(offer[month])] for month in period.months()],
        totals=[
            _("Total"),
            *_offer_row([sum(f[i] for f in offer.values()) for i in range(3)]),
        ],  # fmt: skip
        chart=Chart(values=[2, 3], description=_("Places offertes et places confirmées")),
        note=_("Sessions dont la première séance est dans la période, sauf les annulées."),
    )
    channels = _channels(period, filters)
    channels_table = Table(
        slug="origine",
        title=_("Inscriptions par origine"),
        columns=[Column(_("Origine"), TEXT), Column(_("Inscriptions"), PEOPLE)],
        rows=channels,
        totals=[_("Total"), sum(row[1] for row in channels)],
        chart=Chart(values=[1], horizontal=True),
        note=_("Inscriptions faites pendant la période, quelle que soit la date de la session."),
    )
    certificates_table = Table(
        slug="attestations",
        title=_("Attestations"),
        columns=[
            Column(_("Période"), TEXT),
            Column(_("Attestations délivrées"), COUNT),
            Column(_("Places confirmées des sessions terminées"), PEOPLE),
            Column(_("dont avec attestation"), PEOPLE),
            Column(_("Taux d'attestation"), PERCENT),
        ],  # fmt: skip
        rows=[_certificates(period, filters, today)],
        note=_(
            "Attestations délivrées pendant la période (hors révoquées) ; taux : personnes "
            "avec attestation parmi les places confirmées des sessions finies pendant la période."
        ),
    )
    lab_table = _dimension_table(
        lab_facts, "numixs-lab", _("Étapes du Numixs Lab"), _("Commune"),
        lambda s: [s["session__venue__town"]], horizontal=True,
    )  # fmt: skip
    return Report(
        slug="activite",
        title=_("Activité"),
        intro=_(
            "Ce qui a été fait pendant la période : sessions, séances, heures dispensées, "
            "personnes venues et heures-stagiaires."
        ),
        tables=[
            months,
            offer_table,
            channels_table,
            certificates_table,
            _dimension_table(facts, "public", _("Par public"), _("Public"), audiences_of),
            _dimension_table(
                facts,
                "theme",
                _("Par thème"),
                _("Thème"),
                lambda s: [s["session__course__topic__name"] or _("Sans thème")],
                horizontal=True,
            ),  # fmt: skip
            _dimension_table(
                facts,
                "commune",
                _("Par commune"),
                _("Commune"),
                lambda s: [s["session__venue__town"]],
                horizontal=True,
            ),  # fmt: skip
            _dimension_table(
                facts,
                "lieu",
                _("Par lieu"),
                _("Lieu"),
                lambda s: [f"{s['session__venue__name']} ({s['session__venue__town']})"],
                horizontal=True,
            ),  # fmt: skip
            lab_table,
        ],
        notes=[
            _("Une personne venue à plusieurs séances ou sessions est comptée une fois."),
            _(
                "Une formation destinée à plusieurs publics compte dans chacun : la somme des "
                "lignes « Par public » peut dépasser le total."
            ),
        ],
    )


# --- Bilan pédagogique et financier (Cerfa 10443) -------------------------------------

TRAINEE_TYPES = [
    ("a", gettext_lazy("Salariés d'employeurs privés hors apprentis")),
    ("b", gettext_lazy("Apprentis")),
    ("c", gettext_lazy("Personnes en recherche d'emploi formées par votre organisme de formation")),
    (
        "d",
        gettext_lazy("Particuliers à leurs propres frais formés par votre organisme de formation"),
    ),
    ("e", gettext_lazy("Autres stagiaires")),
]
# Box C: the line each funding source's income goes on (own funds and free: no income).
FUNDING_LINES = {
    FundingSource.OPCO: gettext_lazy("C, a à h (la ligne du dispositif de l'OPCO)"),
    FundingSource.STATE: "C-5",
    FundingSource.REGION: "C-6",
    FundingSource.FRANCE_TRAVAIL: "C-7",
    FundingSource.DEPARTEMENT: "C-8",
    FundingSource.LEARNER: "C-9",
}
OBJECTIVE_LINES = [
    ("a", ActionObjective.RNCP, gettext_lazy(
        "Formations visant un diplôme, un titre à finalité professionnelle ou un certificat "
        "de qualification professionnelle enregistré au RNCP"
    )),
    ("b", ActionObjective.SPECIFIC_DIRECTORY, gettext_lazy(
        "Formations visant une certification (dont CQP) ou une habilitation enregistrée au "
        "répertoire spécifique (RS)"
    )),
    ("c", None, gettext_lazy("Formations visant un CQP non enregistré au RNCP ou au RS")),
    ("d", ActionObjective.OTHER_TRAINING, gettext_lazy("Autres formations professionnelles")),
    ("e", None, gettext_lazy("Bilans de compétence")),
    ("f", None, gettext_lazy(
        "Actions d'accompagnement à la validation des acquis de l'expérience"
    )),
]  # fmt: skip


def trainee_type(presence, funding):
    """The BPF's F-1 line for a person in a session (one rule, documented on the report)."""
    if (
        presence["enrolment__learner__situation"] == Situation.EMPLOYEE
        or (presence["enrolment__learner__employer"])
    ):
        return "a"
    if presence["enrolment__learner__situation"] == Situation.JOBSEEKER or (
        funding == FundingSource.FRANCE_TRAVAIL
    ):
        return "c"
    if funding == FundingSource.LEARNER:
        return "d"
    return "e"  # artisans and shopkeepers (dirigeants non-salariés), residents trained free


def _people_hours(presences, facts):
    learners, hours = set(), Decimal(0)
    for presence in presences:
        learners.add(presence["enrolment__learner_id"])
        hours += facts.sitting(presence)["hours"]
    return len(learners), hours


def bpf(period, filters=EVERYTHING, *, today):
    """Report 2: the figures of the BPF's boxes E, F-1, F-3 and the trainees behind box C."""
    facts = load_facts(period, filters, today, learner_fields=LEARNER_FIELDS)
    # Digital-mediation workshops are not professional training: not in the BPF.
    facts = Facts(
        [s for s in facts.sittings if s["session__objective"] != ActionObjective.MEDIATION],
        [
            p for p in facts.presences
            if facts.sitting(p)["session__objective"] != ActionObjective.MEDIATION
        ],
    )  # fmt: skip
    by_type = defaultdict(list)
    by_funding = defaultdict(list)
    for presence in facts.presences:
        funding = facts.sitting(presence)["session__funding"]
        by_type[trainee_type(presence, funding)].append(presence)
        by_funding[funding].append(presence)
    everyone = _people_hours(facts.presences, facts)

    f1 = Table(
        slug="f1",
        title=_("F-1. Type de stagiaires de l'organisme"),
        columns=[
            Column(_("Ligne"), TEXT),
            Column(_("Type de stagiaires"), TEXT),
            Column(_("Nombre de stagiaires"), PEOPLE),
            Column(_("Nombre total d'heures de formation suivies"), HOURS),
        ],  # fmt: skip
        rows=[[line, label, *_people_hours(by_type[line], facts)] for line, label in TRAINEE_TYPES],
        totals=[_("(1)"), _("Total (a + b + c + d + e)"), *everyone],
        chart=Chart(values=[2], category=1, horizontal=True),
        note=_(
            "Heures : heures-stagiaires (une séance de 3 h suivie par 8 personnes : 24 h). "
            "Une personne qui a changé de situation dans l'année compterait sur deux lignes ; "
            "le total la compte une fois."
        ),
    )
    sessions_by_objective = defaultdict(set)
    for sitting in facts.sittings:
        sessions_by_objective[sitting["session__objective"]].add(sitting["session_id"])
    by_objective = defaultdict(list)
    for presence in facts.presences:
        by_objective[facts.sitting(presence)["session__objective"]].append(presence)
    f3 = Table(
        slug="f3",
        title=_("F-3. Objectif général des prestations dispensées"),
        columns=[
            Column(_("Ligne"), TEXT),
            Column(_("Objectif"), TEXT),
            Column(_("Nombre d'actions (sessions)"), COUNT),
            Column(_("Nombre de stagiaires"), PEOPLE),
            Column(_("Nombre total d'heures de formation suivies"), HOURS),
        ],  # fmt: skip
        rows=[
            [
                line,
                label,
                len(sessions_by_objective[objective]) if objective else 0,
                *(_people_hours(by_objective[objective], facts) if objective else (0, 0)),
            ]  # fmt: skip
            for line, objective, label in OBJECTIVE_LINES
        ],
        totals=[
            _("(3)"),
            _("Total (a à f), égal au total F-1"),
            sum(len(s) for s in sessions_by_objective.values()),
            *everyone,
        ],  # fmt: skip
        chart=Chart(values=[4], category=1, horizontal=True),
    )
    funding = Table(
        slug="c",
        title=_("Stagiaires par origine du financement (pour remplir le cadre C)"),
        columns=[
            Column(_("Ligne du cadre C"), TEXT),
            Column(_("Financement"), TEXT),
            Column(_("Nombre de stagiaires"), PEOPLE),
            Column(_("Nombre total d'heures de formation suivies"), HOURS),
        ],  # fmt: skip
        rows=[
            [
                FUNDING_LINES.get(source, _("hors cadre C (sans produit)")),
                source.label,
                *_people_hours(by_funding[source], facts),
            ]  # fmt: skip
            for source in FundingSource
        ],
        totals=[_("Total"), _("Tous financements"), *everyone],
        chart=Chart(values=[3], category=1, horizontal=True),
        note=_(
            "Le cadre C demande des montants en euros, que la plateforme ne connaît pas : ce "
            "tableau dit sur quelle ligne porter chaque financement et pour combien de "
            "stagiaires et d'heures."
        ),
    )
    trainers = _trainers(facts)
    e = Table(
        slug="e",
        title=_("E. Personnes dispensant des heures de formation"),
        columns=[
            Column(_("Ligne"), TEXT),
            Column(_("Personnes"), TEXT),
            Column(_("Nombre"), COUNT),
            Column(_("Nombre d'heures de formation dispensées"), HOURS),
        ],  # fmt: skip
        rows=[
            [
                "E-1",
                _("Personnes de votre organisme dispensant des heures de formation"),
                *trainers,
            ],
            ["E-2", _("Personnes extérieures à votre organisme (sous-traitance)"), 0, 0],
        ],  # fmt: skip
        note=_("Les heures de chaque séance comptent pour chacun de ses formateurs."),
    )
    return Report(
        slug="bpf",
        title=_("Bilan pédagogique et financier (BPF)"),
        intro=_(
            "Les chiffres du Cerfa 10443, dans l'ordre de ses cadres, pour les recopier case "
            "par case sur « Mon Activité Formation »."
        ),
        tables=[funding, e, f1, f3],
        notes=[
            _(
                "Les ateliers de médiation numérique (objectif « hors formation "
                "professionnelle ») ne sont pas comptés."
            ),
            _(
                "Salariés : situation « salarié(e) » ou un employeur renseigné ; artisans et "
                "commerçants à leur compte et habitants formés gratuitement : « autres "
                "stagiaires » (e) ; « particuliers à leurs propres frais » (d) : sessions "
                "payées par la personne."
            ),
        ],
    )


def _trainers(facts):
    """E-1: how many trainers taught in the period, and their hours (one query)."""
    session_ids = {s["session_id"] for s in facts.sittings}
    trainers_of = defaultdict(set)
    for session_id, trainer_id in Session.trainers.through.objects.filter(
        session_id__in=session_ids
    ).values_list("session_id", "user_id"):
        trainers_of[session_id].add(trainer_id)
    people, hours = set(), Decimal(0)
    for sitting in facts.sittings:
        for trainer_id in trainers_of[sitting["session_id"]]:
            people.add(trainer_id)
            hours += sitting["hours"]
    return [len(people), hours]


# --- La Coop de la médiation numérique ------------------------------------------------

COOP_GENDER = {Gender.WOMAN: "Féminin", Gender.MAN: "Masculin"}
COOP_LEVEL = {Level.BEGINNER: "Débutant", Level.INTERMEDIATE: "Intermédiaire",
              Level.ADVANCED: "Avancé"}  # fmt: skip


def coop(period, filters=EVERYTHING, *, today):
    """Report 3: one row per collective workshop, and the consenting beneficiaries."""
    facts = load_facts(period, filters, today, learner_fields=LEARNER_FIELDS)
    workshops = Table(
        slug="ateliers",
        title=_("Ateliers collectifs"),
        columns=[
            Column(_("Date"), DATE),
            Column(_("Nom de l'atelier"), TEXT),
            Column(_("Durée (min)"), COUNT),
            Column(_("Nom du lieu"), TEXT),
            Column(_("Commune"), TEXT),
            Column(_("Code postal"), TEXT),
            Column(_("Code Insee"), TEXT),
            Column(_("Thématique(s) d'accompagnement"), TEXT),
            Column(_("Niveau de l'atelier"), TEXT),
            Column(_("Participants"), PEOPLE),
        ],  # fmt: skip
        rows=[
            [
                s["date"],
                s["session__course__title"],
                int(s["hours"] * 60),
                s["session__venue__name"],
                s["session__venue__town"],
                s["session__venue__postcode"],
                s["session__venue__insee_code"],
                CoopTheme(s["session__course__topic__coop_theme"]).label
                if s["session__course__topic__coop_theme"]
                else "",
                COOP_LEVEL.get(s["session__course__level"], ""),
                len(facts.by_sitting[s["pk"]]),
            ]  # fmt: skip
            for s in facts.sittings
        ],
        totals=[
            _("Total"),
            "",
            sum(int(s["hours"] * 60) for s in facts.sittings),
            "",
            "",
            "",
            "",
            "",
            "",
            sum(len(p) for p in facts.by_sitting.values()),
        ],  # fmt: skip
        note=_("Les participants d'un atelier sont les personnes pointées présentes ou en retard."),
    )
    seen, people = set(), []
    for presence in sorted(
        facts.presences,
        key=lambda p: (p["enrolment__learner__last_name"], p["enrolment__learner__first_name"]),
    ):
        if presence["enrolment__learner__coop_consent"] and (
            presence["enrolment__learner_id"] not in seen
        ):
            seen.add(presence["enrolment__learner_id"])
            people.append(
                [
                    presence["enrolment__learner__last_name"],
                    presence["enrolment__learner__first_name"],
                    presence["enrolment__learner__birth_year"],
                    presence["enrolment__learner__town"],
                    presence["enrolment__learner__insee_code"],
                    presence["enrolment__learner__postcode"],
                    presence["enrolment__learner__phone"],
                    presence["enrolment__learner__email"],
                    COOP_GENDER.get(presence["enrolment__learner__gender"], "Non communiqué"),
                ]
            )
    beneficiaries = Table(
        # La Coop's import template names its sheet and columns in French: not translated.
        slug="beneficiaires",
        title="Bénéficiaires",
        columns=[
            Column(label, TEXT)
            for label in (
                "Nom",
                "Prénom",
                "Année de naissance",
                "Commune",
                "Code INSEE",
                "Code postal",
                "N° de téléphone",
                "E-mail",
                "Genre",
            )
        ],  # fmt: skip
        rows=people,
        workbook_notes=[
            _(
                "Modèle d'import des bénéficiaires de La Coop de la médiation numérique : "
                "nom et prénom obligatoires, les autres champs facultatifs."
            ),
        ],  # then a blank line, the header on line 3: the import reads from line 4
        note=_(
            "Seules les personnes qui ont accepté d'être suivies dans La Coop, venues pendant "
            "la période. Colonnes dans l'ordre du modèle d'import de La Coop."
        ),
    )
    by_theme = defaultdict(list)
    for sitting in facts.sittings:
        theme = sitting["session__course__topic__coop_theme"]
        by_theme[CoopTheme(theme).label if theme else _("Sans thématique")].append(sitting)
    themes = Table(
        slug="thematiques",
        title=_("Par thématique"),
        columns=[
            Column(_("Thématique"), TEXT),
            Column(_("Ateliers"), COUNT),
            Column(_("Participants"), PEOPLE),
        ],  # fmt: skip
        rows=[
            [theme, len(sittings), sum(len(facts.by_sitting[s["pk"]]) for s in sittings)]
            for theme, sittings in sorted(by_theme.items())
        ],
        chart=Chart(values=[1], horizontal=True),
    )
    return Report(
        slug="coop",
        title=_("Médiation numérique (La Coop)"),
        intro=_(
            "Les ateliers collectifs à déclarer dans La Coop de la médiation numérique, et le "
            "fichier d'import de ses bénéficiaires."
        ),
        tables=[themes, workshops, beneficiaries],
        notes=[_("Chaque séance est un atelier collectif : sa date, sa durée, son lieu.")],
    )


# --- Département ----------------------------------------------------------------------


def departement(period, filters=EVERYTHING, *, today):
    """Report 4: hours of people on minimum income (RSA) per month; priority neighbourhoods."""
    facts = load_facts(period, filters, today, learner_fields=LEARNER_FIELDS)
    months = period.months()
    groups = {
        "rsa": lambda p: p["enrolment__learner__receives_minimum_income"],
        "qpv": lambda p: p["enrolment__learner__priority_neighbourhood"],
        "all": lambda p: True,
    }
    per_month = {(key, m): [set(), Decimal(0)] for key in groups for m in [*months, None]}
    hours_of = defaultdict(lambda: defaultdict(Decimal))
    names = {}
    for presence in facts.presences:
        sitting = facts.sitting(presence)
        learner = presence["enrolment__learner_id"]
        for key, member in groups.items():
            if member(presence):
                for m in (sitting["date"].replace(day=1), None):
                    per_month[key, m][0].add(learner)
                    per_month[key, m][1] += sitting["hours"]
        if presence["enrolment__learner__receives_minimum_income"]:
            hours_of[learner][sitting["date"].replace(day=1)] += sitting["hours"]
            names[learner] = presence

    def figures(month):
        return [
            value
            for key in groups
            for value in (len(per_month[key, month][0]), per_month[key, month][1])
        ]

    summary = Table(
        slug="mois",
        title=_("Par mois"),
        columns=[
            Column(_("Mois"), MONTH),
            Column(_("Bénéficiaires du RSA"), PEOPLE),
            Column(_("Heures (RSA)"), HOURS),
            Column(_("Habitants d'un QPV"), PEOPLE),
            Column(_("Heures (QPV)"), HOURS),
            Column(_("Toutes les personnes"), PEOPLE),
            Column(_("Heures (toutes)"), HOURS),
        ],  # fmt: skip
        rows=[[month, *figures(month)] for month in months],
        totals=[_("Total"), *figures(None)],
        chart=Chart(values=[2, 4], description=_("Heures des bénéficiaires du RSA et des QPV")),
        note=_("RSA et QPV : ce que la personne a déclaré. Une personne est comptée une fois."),
    )
    people = sorted(
        names.items(),
        key=lambda item: (
            item[1]["enrolment__learner__last_name"],
            item[1]["enrolment__learner__first_name"],
        ),
    )
    rsa = Table(
        slug="rsa",
        title=_("Heures par bénéficiaire du RSA"),
        columns=[
            Column(_("N° de personne"), TEXT),
            Column(_("Nom"), PRIVATE),
            Column(_("Prénom"), PRIVATE),
            Column(_("Année de naissance"), TEXT),
            Column(_("Commune"), TEXT),
            Column(_("Code INSEE"), TEXT),
            *(Column(f"{m:%m/%Y}", HOURS) for m in months),
            Column(_("Total"), HOURS),
        ],
        note=_(
            "Les noms restent sur cet écran : le fichier pour le Département donne le numéro "
            "de la personne, que la coordination retrouve ici."
        ),
        rows=[
            [
                str(learner),
                p["enrolment__learner__last_name"],
                p["enrolment__learner__first_name"],
                p["enrolment__learner__birth_year"],
                p["enrolment__learner__town"],
                p["enrolment__learner__insee_code"],
                *(hours_of[learner][m] for m in months),
                sum(hours_of[learner].values()),
            ]  # fmt: skip
            for learner, p in people
        ],
    )
    return Report(
        slug="departement",
        title=_("Département : RSA et quartiers prioritaires"),
        intro=_(
            "Les heures de formation des bénéficiaires du RSA, mois par mois, et des habitants "
            "des quartiers prioritaires de la politique de la ville (QPV)."
        ),
        tables=[summary, rsa],
    )


# --- Partners -------------------------------------------------------------------------

PARTNER_COLUMNS = [
    Column(gettext_lazy("Orientées"), PEOPLE),
    Column(gettext_lazy("Inscrites"), PEOPLE),
    Column(gettext_lazy("Venues"), PEOPLE),
    Column(gettext_lazy("Attestations"), PEOPLE),
    Column(gettext_lazy("Absences"), COUNT),
    Column(gettext_lazy("Abandons"), PEOPLE),
    Column(gettext_lazy("Taux d'attestation (%)"), PERCENT),
]


def partners(period, filters=EVERYTHING, *, today):
    """Report 5: per organisation, from referral to certificate, for sessions of the period."""
    enrolments = Enrolment.objects.filter(
        referrer__isnull=False, session__start_date__range=(period.start, period.end)
    ).exclude(session__status=SessionStatus.CANCELLED)
    if filters.partner:
        enrolments = enrolments.filter(referrer_id=filters.partner)
    enrolments = narrowed(enrolments, replace(filters, partner=None), "session__")
    rows = list(
        enrolments.annotate(
            attended=Count("attendances", filter=Q(attendances__status__in=ATTENDED)),
            absences=Count("attendances", filter=Q(attendances__status=AttendanceStatus.ABSENT)),
        ).values(
            "pk",
            "referrer_id",
            "referrer__name",
            "status",
            "attended",
            "absences",
            "session_id",
            "session__course__title",
            "session__start_date",
            "session__end_date",
            "session__venue__town",
        )  # fmt: skip
    )
    certified = set(
        Certificate.objects.filter(
            enrolment__in=enrolments.values("pk"), revoked_at__isnull=True
        ).values_list("enrolment_id", flat=True)
    )

    def figures(group):
        referred = len(group)
        enrolled = sum(1 for e in group if e["status"] == EnrolmentStatus.CONFIRMED)
        came = sum(1 for e in group if e["attended"])
        certificates = sum(1 for e in group if e["pk"] in certified)
        # Dropped out: came at least once, the session is over, and no certificate.
        dropped = sum(
            1
            for e in group
            if e["attended"] and e["session__end_date"] < today and e["pk"] not in certified
        )
        absences = sum(e["absences"] for e in group)
        # The rate counts only sessions that are over: one still to come is not a failure.
        over = [e for e in group if e["status"] == EnrolmentStatus.CONFIRMED
                and e["session__end_date"] < today]  # fmt: skip
        return [
            referred, enrolled, came, certificates, absences, dropped,
            percent(sum(1 for e in over if e["pk"] in certified), len(over)),
        ]  # fmt: skip

    by_partner = defaultdict(list)
    for row in rows:
        by_partner[(row["referrer__name"], row["referrer_id"])].append(row)
    table = Table(
        slug="structures",
        title=_("Par structure"),
        columns=[Column(_("Structure"), TEXT), *PARTNER_COLUMNS],
        rows=[[name, *figures(group)] for (name, _pk), group in sorted(by_partner.items())],
        totals=[_("Total"), *figures(rows)],
        chart=Chart(values=[1, 3, 4], horizontal=True),
        note=_(
            "Sessions commencées pendant la période. Inscrites : place confirmée. Venues : au "
            "moins une séance. Absences : séances manquées (pointées absentes). Abandons : "
            "venues, session terminée, sans attestation. Taux : attestations des sessions "
            "terminées."
        ),
    )
    tables = [table]
    if filters.partner:
        by_session = defaultdict(list)
        for row in rows:
            by_session[(row["session__start_date"], row["session_id"])].append(row)
        tables.append(
            Table(
                slug="sessions",
                title=_("Par session"),
                columns=[
                    Column(_("Début"), DATE),
                    Column(_("Formation"), TEXT),
                    Column(_("Commune"), TEXT),
                    *PARTNER_COLUMNS,
                ],  # fmt: skip
                rows=[
                    [
                        group[0]["session__start_date"],
                        group[0]["session__course__title"],
                        group[0]["session__venue__town"],
                        *figures(group),
                    ]  # fmt: skip
                    for _key, group in sorted(by_session.items())
                ],
                totals=[_("Total"), "", "", *figures(rows)],
            )
        )
    return Report(
        slug="partenaires",
        title=_("Partenaires"),
        intro=_(
            "Pour chaque structure qui oriente des personnes : combien sont inscrites, "
            "venues, ont leur attestation, et combien ont abandonné."
        ),
        tables=tables,
    )


REPORTS = {
    "activite": activity,
    "bpf": bpf,
    "coop": coop,
    "departement": departement,
    "partenaires": partners,
}


# --- This month at a glance (the admin's home page) ----------------------------------


@dataclass
class Glance:
    period: Period
    sessions: int  # starting in the month
    seats: int
    confirmed: int
    fill_rate: int | None
    channels: list  # (label, count)
    attendance_rate: int | None
    completion_rate: int | None
    certificates: int
    referrals: list  # (organisation, count), most first
    lab_stops: list  # (town, sessions, people)
    hours: Decimal
    learners: int


def glance(period, today):
    """The month's key figures for the admin's home: read from the Activité and Partenaires
    reports of the same period, so that each figure is found again in the report it links to."""
    tables = {table.slug: table for table in activity(period, today=today).tables}
    months, offer, certificates = tables["mois"], tables["offre"], tables["attestations"]
    _label, sessions, seats, confirmed, fill_rate = offer.totals
    _label, issued, _ended, _certified, completion = certificates.rows[0]
    referred = partners(period, today=today).tables[0]
    return Glance(
        period=period,
        sessions=sessions,
        seats=seats,
        confirmed=confirmed,
        fill_rate=fill_rate,
        channels=[(label, count) for label, count in tables["origine"].rows],
        attendance_rate=months.totals[6],
        completion_rate=completion,
        certificates=issued,
        referrals=sorted(((row[0], row[1]) for row in referred.rows), key=lambda r: (-r[1], r[0])),
        lab_stops=[(row[0], row[1], row[4]) for row in tables["numixs-lab"].rows],
        hours=months.totals[3],
        learners=months.totals[4],
    )
