"""Certificates: eligibility, issuing once, gap-free numbers, revoking (invariant 4)."""

import datetime
import threading
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from django.utils import timezone

from attendance.models import Attendance
from attendance.summary import attendance_summary
from certificates.codes import format_code, normalise_code
from certificates.models import Certificate
from certificates.services import CertificateError, issue, issue_session, revoke, verdict
from tests.courses.factories import fill, make_course, make_session

pytestmark = pytest.mark.django_db


def finished_session(marks, threshold=80, closed=True):
    """A two-sitting session (3 h each) that ended; `marks` = one list of statuses per learner.

    `closed`: its sittings closed (the trainer attested the attendance), as certificates need.
    """
    course = make_course(
        "Atelier attestation",
        slug=f"atelier-attestation-{uuid.uuid4().hex[:8]}",
        completion_threshold=threshold,
        skills="Créer un compte",
    )
    session = make_session(course, days=(-3, -2), capacity=len(marks) + 1)
    fill(session, len(marks))
    sittings = list(session.sittings.order_by("date"))
    for enrolment, statuses in zip(session.enrolments.order_by("pk"), marks, strict=True):
        for sitting, status in zip(sittings, statuses, strict=True):
            if status:
                Attendance.objects.create(sitting=sitting, enrolment=enrolment, status=status)
    if closed:
        session.sittings.update(closed_at=timezone.now())  # attested by the trainer
    return session


@pytest.fixture
def coordinator(db):
    return get_user_model().objects.get(username="coordination")


def test_hours_count_present_and_late_against_every_sitting(home_page):
    session = finished_session([["present", "late"], ["present", "absent"], ["excused", ""]])
    first, second, third = session.enrolments.order_by("pk")
    assert attendance_summary(first).hours_attended == Decimal("6.00")
    assert attendance_summary(second).rate == 50
    assert attendance_summary(third).hours_attended == 0
    assert attendance_summary(third).hours_planned == Decimal("6.00")


def test_a_certificate_only_for_whoever_reached_the_threshold(home_page):
    session = finished_session([["present", "present"], ["present", "absent"]], threshold=80)
    issued, skipped = issue_session(session.pk)
    assert [c.enrolment for c in issued] == [session.enrolments.order_by("pk")[0]]
    (reason,) = skipped.values()
    assert "50 %" in reason and "80 %" in reason
    certificate = issued[0]
    assert certificate.hours_attended == Decimal("6.00") and certificate.attendance_rate == 100
    assert certificate.skills == "Créer un compte" and certificate.number.startswith("NUMIXS-")


def test_issuing_twice_gives_the_same_certificate(home_page):
    session = finished_session([["present", "present"]])
    enrolment = session.enrolments.get()
    first, created = issue(enrolment.pk)
    again, created_again = issue(enrolment.pk)
    assert created and not created_again and again.pk == first.pk
    issued, skipped = issue_session(session.pk)
    assert issued == [] and "déjà délivrée" in skipped[enrolment.pk]  # with its reason
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1


def test_no_certificate_before_the_end_or_without_a_confirmed_place(home_page):
    course = make_course("Atelier pas fini")
    session = make_session(course, days=(-1, 2))
    fill(session, 1)
    with pytest.raises(CertificateError) as early:
        issue(session.enrolments.get().pk)
    assert early.value.code == "session_not_finished"
    done = finished_session([["present", "present"]])
    enrolment = done.enrolments.get()
    enrolment.status = "cancelled"
    enrolment.save()
    with pytest.raises(CertificateError) as cancelled:
        issue(enrolment.pk)
    assert cancelled.value.code == "not_confirmed"
    assert not Certificate.objects.filter(enrolment__session__in=[session, done]).exists()


def test_a_coordinator_overrides_the_threshold_with_a_reason_that_is_kept(home_page, coordinator):
    session = finished_session([["present", "absent"]])
    enrolment = session.enrolments.get()
    with pytest.raises(CertificateError) as refused:
        issue(enrolment.pk, actor=coordinator)
    assert refused.value.code == "below_threshold"
    trainer = get_user_model().objects.get(username="formateur")
    with pytest.raises(CertificateError) as not_allowed:
        issue(enrolment.pk, actor=trainer, override_reason="Absence pour entretien d'embauche")
    assert not_allowed.value.code == "not_allowed"
    certificate, _created = issue(
        enrolment.pk, actor=coordinator, override_reason="Absence pour entretien d'embauche"
    )
    assert certificate.override_reason == "Absence pour entretien d'embauche"
    assert certificate.issued_by == coordinator and certificate.attendance_rate == 50


def test_numbers_follow_each_other_within_a_year(home_page):
    session = finished_session([["present", "present"]] * 3)
    issued, _skipped = issue_session(session.pk)
    numbers = sorted(int(c.number.rsplit("-", 1)[1]) for c in issued)
    assert numbers == list(range(numbers[0], numbers[0] + 3))


def test_verification_codes_are_long_random_and_typed_loosely(home_page):
    session = finished_session([["present", "present"]] * 2)
    issued, _skipped = issue_session(session.pk)
    codes = {c.verification_code for c in issued}
    assert len(codes) == 2 and all(len(code) == 20 for code in codes)
    code = issued[0].verification_code
    assert normalise_code(format_code(code).lower().replace("-", " - ")) == code


def test_revoking_needs_a_coordinator_and_a_reason(home_page, coordinator):
    session = finished_session([["present", "present"]])
    certificate, _created = issue(session.enrolments.get().pk)
    trainer = get_user_model().objects.get(username="formateur")
    with pytest.raises(CertificateError) as not_allowed:
        revoke(certificate.pk, actor=trainer, reason="erreur de saisie")
    assert not_allowed.value.code == "not_allowed"
    with pytest.raises(CertificateError) as no_reason:
        revoke(certificate.pk, actor=coordinator, reason="")
    assert no_reason.value.code == "reason_required"
    revoke(certificate.pk, actor=coordinator, reason="Présences saisies par erreur")
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_by == coordinator
    with pytest.raises(CertificateError) as twice:
        revoke(certificate.pk, actor=coordinator, reason="encore")
    assert twice.value.code == "already_revoked"


def test_concurrent_issuing_gives_unique_gap_free_numbers(transactional_db):
    """Invariant 4's numbering, with real concurrent connections (PostgreSQL in CI)."""
    from tests.conftest import seed_demo

    seed_demo()
    session = finished_session([["present", "present"]] * 10)
    enrolment_ids = list(session.enrolments.values_list("pk", flat=True))
    errors = []
    barrier = threading.Barrier(len(enrolment_ids))

    def worker(enrolment_id):
        try:
            barrier.wait()
            issue(enrolment_id)
        except Exception as error:  # noqa: BLE001 — collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(pk,)) for pk in enrolment_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(
        int(n.rsplit("-", 1)[1])
        for n in Certificate.objects.filter(enrolment__session=session).values_list(
            "number", flat=True
        )
    )
    assert len(numbers) == 10 and numbers == list(range(numbers[0], numbers[0] + 10))
    assert datetime.date.today().year == int(
        Certificate.objects.filter(enrolment__session=session).first().number.split("-")[1]
    )


def test_closing_the_last_sitting_issues_the_sessions_certificates(
    home_page, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from attendance.services import close_sitting

    session = finished_session([["present", "present"], ["absent", "absent"]], closed=False)
    trainer = get_user_model().objects.get(username="formateur")
    session.trainers.add(trainer)
    session.save()
    first, last = session.sittings.order_by("date")
    signature = "M10 50 L40 20 L70 60"
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        close_sitting(first.pk, user=trainer, signature=signature, now=now)
    assert not Certificate.objects.filter(enrolment__session=session).exists()
    with django_capture_on_commit_callbacks(execute=True):
        close_sitting(last.pk, user=trainer, signature=signature, now=now)
    issued = Certificate.objects.filter(enrolment__session=session)
    assert issued.count() == 1  # the absent learner did not earn one
    certificate = issued.get()
    certificate.refresh_from_db()
    assert certificate.attestation_sha256 and certificate.realisation_sha256  # rendered


def test_no_certificate_rests_on_sittings_nobody_closed(home_page):
    """Found by a coordinator: a session over by the calendar, its sittings never closed
    (no trainer's signature on the sheet), offered and issued all the same."""
    session = finished_session([["present", "present"]])
    session.sittings.filter(pk=session.sittings.order_by("date").last().pk).update(closed_at=None)
    enrolment = session.enrolments.get()
    result = verdict(enrolment)
    assert result.code == "sittings_not_closed"
    assert "1 séance n'est pas clôturée" in result.reason
    with pytest.raises(CertificateError):
        issue(enrolment.pk)
    assert not Certificate.objects.filter(enrolment=enrolment).exists()
