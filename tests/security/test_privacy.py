"""A learner's rights from the admin (export, erasure), the retention periods, the audit trail."""

import datetime
import json
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from attendance.models import Attendance
from certificates.models import Certificate
from certificates.services import issue
from courses.models import Learner
from courses.services.enrolment import Person, enrol
from home.privacy import purge
from search.models import ZeroResultQuery
from tests.courses.factories import attest, make_course, make_session, make_venue

pytestmark = pytest.mark.django_db

PERSON = Person(
    "Fatou", "Droits", email="fatou@example.org", phone="06 77 88 99 00", town="Roissy-en-France"
)


def trained(days_ago, person=PERSON, signature="M10 50 L40 20"):
    """A learner who attended a one-sitting session `days_ago` days ago and got a certificate."""
    session = make_session(
        make_course(f"Atelier passé {days_ago}", completion_threshold=50),
        venue=make_venue("Roissy"),
        days=(-days_ago,),
    )
    enrolment = enrol(
        session.pk, person, now=timezone.now() - datetime.timedelta(days=days_ago + 5)
    )
    enrolment = enrolment.enrolment
    Attendance.objects.create(
        sitting=session.sittings.get(), enrolment=enrolment, status="present", signature=signature,
        note="Arrivée en retard, prévenue",
    )  # fmt: skip
    attest(session)
    issue(enrolment.pk, render=False)
    return enrolment


@pytest.fixture
def staff(client, home_page):
    user = get_user_model().objects.get(username="coordination")
    client.force_login(user)
    return user


def test_a_coordinator_exports_everything_about_a_person(client, staff):
    enrolment = trained(30)
    learner = enrolment.learner
    base = f"/admin/donnees-personnelles/apprenant/{learner.pk}"
    data = json.loads(client.get(f"{base}/export.json").content)
    assert data["personne"]["email"] == "fatou@example.org"
    [course] = data["inscriptions"]
    assert course["presences"][0]["statut"] and course["presences"][0]["signature"]
    assert course["attestation"]["numero"] == Certificate.objects.get(enrolment=enrolment).number
    csv = client.get(f"{base}/export.csv")
    assert "Roissy-en-France" in csv.content.decode("utf-8-sig")
    entries = ModelLogEntry.objects.filter(
        action="numixs.learner.export", object_id=str(learner.pk)
    )
    assert entries.count() == 2 and entries.first().user == staff
    history = client.get(f"/admin/snippets/courses/learner/history/{learner.pk}/").content.decode()
    assert "Données personnelles exportées" in history


@pytest.mark.parametrize("who", [None, "formateur", "partenaire", "apprenant"])
def test_nobody_else_exports_or_erases(client, home_page, who):
    learner = trained(30).learner
    if who:
        client.force_login(get_user_model().objects.get(username=who))
    base = f"/admin/donnees-personnelles/apprenant/{learner.pk}"
    assert client.get(f"{base}/export.json").status_code in (302, 403)
    assert client.post(f"{base}/effacer/", {"confirm": "1"}).status_code in (302, 403)
    learner.refresh_from_db()
    assert learner.email == "fatou@example.org" and learner.erased_at is None


def test_erasure_keeps_only_the_evidence_the_law_requires(client, staff):
    past = trained(30)
    upcoming = make_session(make_course("Atelier futur"), venue=make_venue("Fosses"), capacity=1)
    seat = enrol(upcoming.pk, PERSON).enrolment
    waiting = enrol(upcoming.pk, Person("Paul", "Attente", phone="0600000001")).enrolment
    learner = past.learner
    Learner.objects.filter(pk=learner.pk).update(
        employer="Boulangerie Martin", birth_year=1971, gender="femme", insee_code="95527",
        receives_minimum_income=True, priority_neighbourhood=True, coop_consent=True,
    )  # fmt: skip
    page = client.get(f"/admin/donnees-personnelles/apprenant/{learner.pk}/effacer/").content
    assert "la loi oblige à conserver".encode() in page
    refused = client.post(f"/admin/donnees-personnelles/apprenant/{learner.pk}/effacer/", {})
    assert refused.status_code == 302
    learner.refresh_from_db()
    assert learner.erased_at is None, "nothing happens without the confirmation"
    client.post(f"/admin/donnees-personnelles/apprenant/{learner.pk}/effacer/", {"confirm": "1"})
    learner.refresh_from_db()
    assert (learner.email, learner.phone, learner.town, learner.employer) == ("", "", "", "")
    # The answers for the funders' figures go too (the reports no longer count them).
    assert (learner.birth_year, learner.gender, learner.insee_code) == (None, "", "")
    assert learner.receives_minimum_income is None and learner.priority_neighbourhood is None
    assert learner.coop_consent is False
    assert learner.last_name == "Droits", "kept on the attendance sheet while it must be"
    assert Attendance.objects.get(enrolment=past).note == ""
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert seat.status == "cancelled" and waiting.status == "confirmed"
    assert ModelLogEntry.objects.filter(action="numixs.learner.erase").get().user == staff


def test_erasing_someone_without_evidence_anonymises_them(staff, client):
    session = make_session(make_course("Atelier jamais suivi"), venue=make_venue("Fosses"))
    learner = enrol(session.pk, PERSON).enrolment.learner
    client.post(f"/admin/donnees-personnelles/apprenant/{learner.pk}/effacer/", {"confirm": "1"})
    learner.refresh_from_db()
    assert learner.first_name == "Personne" and "Droits" not in learner.last_name


def test_retention_clears_contacts_after_3_years_and_names_after_6(home_page):
    recent = trained(300, Person("Awa", "Récente", phone="0611111111"))
    middle = trained(4 * 365, Person("Binta", "Milieu", phone="0622222222"))
    old = trained(7 * 365, Person("Chloé", "Ancienne", phone="0633333333"))
    ZeroResultQuery.objects.create(query="vieille recherche")
    ZeroResultQuery.objects.filter(query="vieille recherche").update(
        last_searched_at=timezone.now() - datetime.timedelta(days=200)
    )
    AccessAttempt.objects.create(username="x", ip_address="192.0.2.1", failures_since_start=1)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(days=100))

    out = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "[simulation]" in out.getvalue()
    assert Learner.objects.get(pk=old.learner_id).last_name == "Ancienne", (
        "a dry run changes nothing"
    )

    report = purge()
    assert report["apprenants : coordonnées effacées"] == 2
    assert report["apprenants : anonymisés"] == 1
    assert Learner.objects.get(pk=recent.learner_id).phone == "0611111111"
    kept = Learner.objects.get(pk=middle.learner_id)
    assert kept.phone == "" and kept.last_name == "Milieu"
    assert Attendance.objects.get(enrolment=middle).signature, "evidence kept 6 years"
    gone = Learner.objects.get(pk=old.learner_id)
    assert gone.first_name == "Personne" and gone.phone == ""
    assert Attendance.objects.get(enrolment=old).signature == ""
    assert "Ancienne" not in Certificate.objects.get(enrolment=old).learner_name
    assert not ZeroResultQuery.objects.filter(query="vieille recherche").exists()
    assert not AccessAttempt.objects.exists()
    assert purge()["apprenants : anonymisés"] == 0, "running it again does nothing more"
