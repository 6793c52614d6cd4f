"""The funders' figures against a small world counted by hand.

The world lives in 2024, before anything the demo holds; the reports are asked "today"
7 December 2024 (and the clock is pinned in 2026, long after). November 2024:
- "Atelier e-mail" at Sarcelles (Département-funded), two sittings of 3 h (3 and 10 Nov):
  Amina (jobseeker, RSA, QPV, agrees to La Coop) present twice, Bruno (artisan) present
  then late, Chloé (employee) absent twice, Rachid (referred by France Travail) absent
  twice, and a walk-in, Wassim, present at the second;
- "Atelier Lab" at the Numixs Lab stop in Goussainville (a digital-mediation workshop,
  so not in the BPF), one sitting of 2 h 30 (20 Nov): Amina, Inès (referred by France
  Travail, certificate issued) and Jules (referred by the mission locale) present;
- a cancelled session on 12 Nov where Bruno was marked present: counted nowhere;
- in October, one 2 h sitting at Sarcelles with Bruno present (for the year's BPF);
- a sitting on 10 December (after today): not yet held, counted nowhere.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from attendance.models import Attendance
from certificates.services import issue
from courses.models import Enrolment, Learner, PartnerOrganisation, Sitting, Topic
from reports import queries
from reports.periods import Filters, Period, month, year
from tests.courses.factories import attest, make_course, make_session, make_venue

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 12, 7)
NOVEMBER = month(datetime.date(2024, 11, 1))


def session_on(course, venue, dates, start=(9, 0), end=(12, 0), **fields):
    session = make_session(course, venue=venue, days=(), **fields)
    for day in dates:
        Sitting.objects.create(
            session=session,
            date=day,
            start_time=datetime.time(*start),
            end_time=datetime.time(*end),
        )
    session.refresh_from_db()
    return session


def person(first, last, **fields):
    return Learner.objects.create(first_name=first, last_name=last, **fields)


def attend(session, learner, statuses, **fields):
    enrolment = Enrolment.objects.create(
        session=session, learner=learner, status="confirmed", **fields
    )
    for sitting, status in zip(session.sittings.order_by("date"), statuses, strict=True):
        if status:
            Attendance.objects.create(sitting=sitting, enrolment=enrolment, status=status)
    return enrolment


@pytest.fixture
def world(home_page):
    topic = Topic.objects.get(slug="premiers-pas")
    topic.coop_theme = "email"
    topic.save()
    email = make_course("Atelier e-mail", for_jobseekers=True, for_everyone=False, level="debutant")
    lab_course = make_course("Atelier Lab", for_everyone=True)
    sarcelles = make_venue("Sarcelles", name="Station Numixs", kind="station", postcode="95200")
    lab = make_venue("Goussainville", name="Place de la gare", kind="numixs-lab", postcode="95190")
    trainer = get_user_model().objects.get(username="formateur")
    france_travail = PartnerOrganisation.objects.create(
        name="France Travail Test", kind="france-travail"
    )
    mission = PartnerOrganisation.objects.create(name="Mission locale Test", kind="mission-locale")

    s1 = session_on(
        email, sarcelles, [datetime.date(2024, 11, 3), datetime.date(2024, 11, 10)],
        funding="departement",
    )  # fmt: skip
    s1.trainers.add(trainer)
    s1.save()  # a ParentalManyToManyField is written on save
    amina = person(
        "Amina", "Alaoui", situation="demandeur-emploi", receives_minimum_income=True,
        priority_neighbourhood=True, coop_consent=True, birth_year=1980, gender="femme",
        town="Sarcelles", postcode="95200", phone="06 11 22 33 44", email="amina@example.org",
    )  # fmt: skip
    bruno = person("Bruno", "Bernard", situation="artisan")
    chloe = person("Chloé", "Chevalier", situation="salarie")
    rachid = person("Rachid", "Rami")
    wassim = person("Wassim", "Walkin")
    attend(s1, amina, ["present", "present"])
    attend(s1, bruno, ["present", "late"])
    attend(s1, chloe, ["absent", "absent"])
    attend(s1, rachid, ["absent", "absent"], referrer=france_travail)
    attend(s1, wassim, [None, "present"], over_capacity=True)

    s2 = session_on(
        lab_course, lab, [datetime.date(2024, 11, 20)], start=(14, 0), end=(16, 30),
        objective="mediation",
    )  # fmt: skip
    ines, jules = person("Inès", "Idrissi"), person("Jules", "Joly")
    attend(s2, amina, ["present"])
    certified = attend(s2, ines, ["present"], referrer=france_travail)
    attend(s2, jules, ["present"], referrer=mission)
    attest(s2)
    issue(certified.pk, render=False)

    cancelled = session_on(email, sarcelles, [datetime.date(2024, 11, 12)])
    attend(cancelled, bruno, ["present"])
    cancelled.status = "cancelled"
    cancelled.save()

    october = session_on(
        email, sarcelles, [datetime.date(2024, 10, 15)], start=(10, 0), end=(12, 0)
    )
    october.trainers.add(trainer)
    october.save()
    attend(october, bruno, ["present"])

    later = session_on(email, sarcelles, [datetime.date(2024, 12, 10)])
    attend(later, amina, ["present"])  # a mistake on a future sitting: not counted
    return {"s1": s1, "s2": s2, "france_travail": france_travail, "mission": mission}


def rows(table):
    return {row[0]: row[1:] for row in table.rows}


def tables(report):
    return {table.slug: table for table in report.tables}


def test_activity_counts_what_was_delivered_and_who_came(world):
    report = tables(queries.activity(NOVEMBER, today=TODAY))
    months, towns, lab = report["mois"], report["commune"], report["numixs-lab"]
    # Sessions, sittings, hours delivered, people (once each), learner-hours, attendance
    # rate (8 marks present or late of 12; the cancelled session's not counted).
    assert months.rows == [
        [datetime.date(2024, 11, 1), 2, 3, Decimal("8.50"), 5, Decimal("22.50"), 67]
    ]
    assert months.totals[1:] == [2, 3, Decimal("8.50"), 5, Decimal("22.50"), 67]
    assert rows(towns) == {
        "Goussainville": [1, 1, Decimal("2.50"), 3, Decimal("7.50")],
        "Sarcelles": [1, 2, Decimal("6.00"), 3, Decimal("15.00")],
    }
    assert rows(lab) == {"Goussainville": [1, 1, Decimal("2.50"), 3, Decimal("7.50")]}
    audiences = rows(report["public"])
    assert audiences["Personnes en recherche d'emploi"] == [
        1, 2, Decimal("6.00"), 3, Decimal("15.00")
    ]  # fmt: skip
    assert audiences["Tout public"][3] == 3


def test_activity_says_what_was_offered_how_people_enrolled_and_certified(world):
    report = tables(queries.activity(NOVEMBER, today=TODAY))
    # Two sessions started (the cancelled one not offered): 20 seats, 8 confirmed places.
    assert report["offre"].totals[1:] == [2, 20, 8, 40]
    # Enrolments were made "now" (2026): none in November 2024.
    assert report["origine"].totals[1] == 0
    # Certificates issued in 2026 (not in the period); of the 8 places of the sessions
    # that ended in November, one has its certificate.
    assert report["attestations"].rows[0][1:] == [0, 8, 1, 13]


def test_the_month_at_a_glance_is_what_the_reports_say(world):
    glance = queries.glance(NOVEMBER, TODAY)
    report = tables(queries.activity(NOVEMBER, today=TODAY))
    assert (glance.sessions, glance.seats, glance.confirmed, glance.fill_rate) == (2, 20, 8, 40)
    assert glance.hours == report["mois"].totals[3] and glance.learners == 5
    assert glance.attendance_rate == report["mois"].totals[6] == 67
    assert (glance.certificates, glance.completion_rate) == (0, 13)
    assert glance.lab_stops == [("Goussainville", 1, 3)]
    partners = rows(queries.partners(NOVEMBER, today=TODAY).tables[0])
    assert glance.referrals == [
        ("France Travail Test", partners["France Travail Test"][0]),
        ("Mission locale Test", partners["Mission locale Test"][0]),
    ]


def test_filters_narrow_the_activity(world):
    lab_only = queries.activity(NOVEMBER, Filters(town="Goussainville"), today=TODAY)
    assert lab_only.tables[0].totals[1:6] == [1, 1, Decimal("2.50"), 3, Decimal("7.50")]
    referred = queries.activity(NOVEMBER, Filters(partner=world["france_travail"].pk), today=TODAY)
    # Its people: Rachid (absent twice) and Inès (present once, 2 h 30).
    assert referred.tables[0].totals[4:6] == [1, Decimal("2.50")]


def test_the_bpf_counts_trainees_by_type_funding_and_objective(world):
    report = queries.bpf(year(2024), today=TODAY)
    funding, trainers, f1, f3 = report.tables
    # The Lab workshop is digital mediation: not professional training, not in the BPF.
    assert {row[0]: row[2:] for row in f1.rows} == {
        "a": [0, 0],  # Chloé, employee, never came
        "b": [0, 0],
        "c": [1, Decimal("6.00")],  # Amina
        "d": [0, 0],
        "e": [2, Decimal("11.00")],  # Bruno 3 + 3 + 2 (October), Wassim 3
    }
    assert f1.totals[2:] == [3, Decimal("17.00")]
    lines = {row[0]: row[2:] for row in f3.rows}
    assert lines["d"] == [2, 3, Decimal("17.00")]  # two actions: November's and October's
    assert lines["a"] == [0, 0, 0]
    assert f3.totals[2:] == [2, 3, Decimal("17.00")]
    by_source = {row[1]: row[2:] for row in funding.rows}
    assert by_source["Département"] == [3, Decimal("15.00")]
    assert by_source["Fonds propres de Numixs"] == [1, Decimal("2.00")]
    assert {row[1]: row[0] for row in funding.rows}["Département"] == "C-8"
    assert trainers.rows[0][2:] == [1, Decimal("8.00")]  # 3 + 3 + 2 h taught


def test_the_coop_file_has_one_row_per_workshop_and_only_consenting_people(world):
    report = queries.coop(NOVEMBER, today=TODAY)
    themes, workshops, beneficiaries = report.tables
    assert [(r[0], r[2], r[4], r[6], r[9]) for r in workshops.rows] == [
        (datetime.date(2024, 11, 3), 180, "Sarcelles", "95585", 2),
        (datetime.date(2024, 11, 10), 180, "Sarcelles", "95585", 3),
        (datetime.date(2024, 11, 20), 150, "Goussainville", "95280", 3),
    ]
    assert workshops.rows[0][7] == "E-mail" and workshops.rows[0][8] == "Débutant"
    assert beneficiaries.rows == [
        ["Alaoui", "Amina", 1980, "Sarcelles", "95585", "95200", "06 11 22 33 44",
         "amina@example.org", "Féminin"],
    ]  # fmt: skip


def test_the_departement_gets_hours_of_people_on_minimum_income(world):
    report = queries.departement(Period(datetime.date(2024, 10, 1), NOVEMBER.end), today=TODAY)
    summary, rsa = report.tables
    assert summary.rows[1] == [
        datetime.date(2024, 11, 1), 1, Decimal("8.50"), 1, Decimal("8.50"), 5, Decimal("22.50")
    ]  # fmt: skip
    assert summary.rows[0][1:3] == [0, Decimal(0)]  # October: Bruno only, not on RSA
    assert summary.totals[5:] == [5, Decimal("24.50")]  # Bruno once, for both months
    assert [row[1:] for row in rsa.rows] == [
        ["Alaoui", "Amina", 1980, "Sarcelles", "95585", Decimal(0), Decimal("8.50"),
         Decimal("8.50")],
    ]  # fmt: skip


def test_partners_follow_their_people_from_referral_to_certificate(world):
    report = queries.partners(NOVEMBER, today=TODAY)
    (table,) = report.tables
    # Referred, enrolled, came, certificates, absences, dropped out, certificate rate.
    assert rows(table) == {
        "France Travail Test": [2, 2, 1, 1, 2, 0, 50],
        "Mission locale Test": [1, 1, 1, 0, 0, 1, 0],
    }
    one = queries.partners(NOVEMBER, Filters(partner=world["france_travail"].pk), today=TODAY)
    assert [row[1] for row in one.tables[1].rows] == ["Atelier e-mail", "Atelier Lab"]
    # Asked on 4 November, before the sessions end: no rate yet, not 0 %.
    early = queries.partners(NOVEMBER, today=datetime.date(2024, 11, 4))
    assert rows(early.tables[0])["France Travail Test"][6] is None


def test_a_france_travail_funded_trainee_is_a_jobseeker_in_the_bpf():
    presence = {"enrolment__learner__situation": "autre", "enrolment__learner__employer": ""}
    assert queries.trainee_type(presence, "france-travail") == "c"
    assert queries.trainee_type(presence, "departement") == "e"
    assert queries.trainee_type(presence, "particulier") == "d"


def test_a_revoked_certificate_no_longer_counts(world):
    from certificates.models import Certificate
    from certificates.services import revoke

    coordinator = get_user_model().objects.get(username="coordination")
    revoke(Certificate.objects.get(enrolment__learner__last_name="Idrissi").pk, actor=coordinator,
           reason="Erreur de session", render=False)  # fmt: skip
    table = queries.partners(NOVEMBER, today=TODAY).tables[0]
    assert rows(table)["France Travail Test"][3] == 0


def test_each_report_costs_the_same_queries_for_a_month_or_a_year(
    world, django_assert_max_num_queries
):
    for name, report in queries.REPORTS.items():
        with django_assert_max_num_queries(8, info=name):
            report(year(2024), today=TODAY)
    with django_assert_max_num_queries(12):
        queries.glance(year(2024), TODAY)


def test_a_partners_certificates_are_counted_once_each(world):
    """Two people of the same partner in one session: the filter must not count twice."""
    attend(world["s2"], person("Karim", "Second"), ["present"], referrer=world["france_travail"])
    only = Filters(partner=world["france_travail"].pk)
    certificates = tables(queries.activity(NOVEMBER, only, today=TODAY))["attestations"]
    # Rachid (Sarcelles), Inès (certified) and Karim (Lab): 1 of 3.
    assert certificates.rows[0][2:] == [3, 1, 33]
