"""Why each person gets a certificate or not (certificates.services.verdict), and the
issuing page that shows it before anything is issued."""

import html

import pytest
from django.contrib.auth import get_user_model

from certificates.models import Certificate
from certificates.services import (
    ALREADY_ISSUED,
    CANCELLED,
    ELIGIBLE,
    WAITLISTED,
    issue,
    issue_session,
    revoke,
    session_verdicts,
    verdict,
)
from courses.models import Enrolment, Learner
from tests.certificates.test_issuing import finished_session
from tests.courses.factories import fill, make_course, make_session

pytestmark = pytest.mark.django_db

BASE = "/admin/snippets/certificates/certificate"


@pytest.fixture
def staff(client):
    client.force_login(get_user_model().objects.get(username="coordination"))
    return client


def add(session, name, status):
    learner = Learner.objects.create(first_name="Test", last_name=name)
    return Enrolment.objects.create(session=session, learner=learner, status=status)


@pytest.fixture
def mixed(home_page):
    """Earned, below the threshold, already issued, waiting, cancelled."""
    session = finished_session(
        [["present", "present"], ["present", "absent"], ["present", "late"]], threshold=80
    )
    earned, below, has_one = session.enrolments.order_by("pk")
    issue(has_one.pk, render=False)
    waiting, cancelled = add(session, "Attente", "waitlisted"), add(session, "Annulee", "cancelled")
    return session, earned, below, has_one, waiting, cancelled


def test_each_person_gets_a_reason(mixed):
    session, earned, below, has_one, waiting, cancelled = mixed
    answers = {answer.enrolment.pk: answer for answer in session_verdicts(session.pk)}
    assert answers[earned.pk].code == ELIGIBLE and answers[earned.pk].reaches_threshold
    assert answers[below.pk].code == "below_threshold"
    assert "50 %" in answers[below.pk].reason and "80 %" in answers[below.pk].reason
    assert answers[has_one.pk].code == ALREADY_ISSUED
    assert answers[has_one.pk].certificate.number in answers[has_one.pk].reason
    assert (
        answers[waiting.pk].code == WAITLISTED and "liste d'attente" in answers[waiting.pk].reason
    )
    assert answers[cancelled.pk].code == CANCELLED and "annulée" in answers[cancelled.pk].reason
    # Confirmed first, as staff read them.
    assert [a.enrolment.status for a in session_verdicts(session.pk)][:3] == ["confirmed"] * 3


def test_issuing_gives_the_same_reasons_for_everyone_left_out(mixed):
    session, earned, below, has_one, waiting, cancelled = mixed
    issued, skipped = issue_session(session.pk, render=False)
    assert [c.enrolment_id for c in issued] == [earned.pk]
    assert set(skipped) == {below.pk, has_one.pk, waiting.pk, cancelled.pk}
    assert skipped[below.pk] == verdict(below).reason
    assert "déjà délivrée" in skipped[has_one.pk]


def test_a_revoked_certificate_says_so(mixed, django_user_model):
    session, _earned, _below, has_one, *_ = mixed
    coordinator = django_user_model.objects.get(username="coordination")
    revoke(Certificate.objects.get(enrolment=has_one).pk, actor=coordinator,
           reason="Erreur de saisie", render=False)  # fmt: skip
    assert "révoquée" in verdict(has_one).reason


def test_before_the_end_nobody_gets_one_and_the_page_does_not_offer_it(staff, home_page):
    session = make_session(make_course("Atelier en cours", slug="atelier-en-cours"), days=(-1, 2))
    fill(session, 1)
    (answer,) = session_verdicts(session.pk)
    assert answer.code == "session_not_finished"
    enrolments_page = html.unescape(
        staff.get(f"/admin/snippets/courses/session/{session.pk}/inscriptions/").content.decode()
    )
    assert "Délivrer les attestations méritées" not in enrolments_page
    assert "une fois la session terminée" in enrolments_page
    page = html.unescape(staff.get(f"{BASE}/session/{session.pk}/delivrer/").content.decode())
    assert (
        "La session n'est pas terminée" in page
        and 'type="submit"' not in page.split("issue-title")[1].split("people-title")[0]
    )
    response = staff.post(f"{BASE}/session/{session.pk}/delivrer/", follow=True)
    assert "pas terminée" in html.unescape(response.content.decode())
    assert not Certificate.objects.filter(enrolment__session=session).exists()


def test_the_issuing_page_shows_each_person_then_issues(staff, mixed):
    session, earned, below, has_one, waiting, cancelled = mixed
    enrolments_page = html.unescape(
        staff.get(f"/admin/snippets/courses/session/{session.pk}/inscriptions/").content.decode()
    )
    assert "Délivrer les attestations méritées" in enrolments_page
    assert "seuil non atteint" in enrolments_page and "seuil atteint" in enrolments_page
    page = html.unescape(staff.get(f"{BASE}/session/{session.pk}/delivrer/").content.decode())
    assert "Délivrer 1 attestation" in page
    row = page.split(f'id="verdict-{below.pk}"')[1].split("</tr>")[0]
    assert "3 h sur 6 h" in row and "50 %" in row and "non atteint" in row
    assert "Délivrer malgré tout" in row
    assert "Inscription annulée" in page and "liste d'attente" in page
    done = html.unescape(
        staff.post(f"{BASE}/session/{session.pk}/delivrer/", follow=True).content.decode()
    )
    assert "1 attestation(s) délivrée(s) ; 4 personne(s) sans nouvelle attestation" in done
    assert Certificate.objects.filter(enrolment=earned).exists()
    assert not Certificate.objects.filter(enrolment=below).exists()
    # The override below the threshold stays, with its written reason.
    staff.post(f"{BASE}/inscription/{below.pk}/delivrer/", {"reason": "Absence justifiée"})
    assert Certificate.objects.get(enrolment=below).override_reason == "Absence justifiée"
