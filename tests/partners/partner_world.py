"""A small world for the partners' area: two organisations, their learners, the personas."""

import datetime
import uuid
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from attendance.models import Attendance
from certificates.services import issue
from courses.models import Enrolment, Learner, Membership, PartnerOrganisation
from courses.services.enrolment import withdraw_referrer_consent
from tests.courses.factories import make_course, make_session

FAKE_PDF = b"%PDF-1.7\n% numixs test\n" + b"0" * 2000 + b"\n%%EOF\n"


def store_pdfs(certificate, payload=FAKE_PDF):
    """Stored PDFs without WeasyPrint: the partners' downloads only read storage."""
    for field_name in ("attestation_pdf", "realisation_pdf"):
        getattr(certificate, field_name).save(
            f"{certificate.number}-{field_name}.pdf", ContentFile(payload), save=False
        )
    certificate.rendered_at = timezone.now()
    certificate.save()
    return certificate


def user(username, **fields):
    return get_user_model().objects.create_user(
        username=username, password="mot-de-passe-test", email=f"{username}@example.org", **fields
    )


def organisation(name, code):
    return PartnerOrganisation.objects.create(name=name, referral_code=code, town="Sarcelles")


def enrol(session, first, last, referrer=None, consent=False, status="confirmed"):
    learner = Learner.objects.create(first_name=first, last_name=last, town="Garges-lès-Gonesse")
    return Enrolment.objects.create(
        session=session,
        learner=learner,
        status=status,
        referrer=referrer,
        referrer_consent=consent,
        referrer_consent_at=timezone.now() if consent else None,
    )


@dataclass
class World:
    org_a: PartnerOrganisation
    org_b: PartnerOrganisation
    users: dict
    enrolments: dict
    certificates: dict = field(default_factory=dict)
    upcoming: object = None


def build_world():
    tag = uuid.uuid4().hex[:6]
    org_a = organisation("Agence A", f"AA{tag}")
    org_b = organisation("Chambre B", f"BB{tag}")
    users = {
        "member_a": user(f"member-a-{tag}"),
        "member_b": user(f"member-b-{tag}"),
        "member_both": user(f"member-both-{tag}"),
        "former_a": user(f"former-a-{tag}"),
        "trainer": get_user_model().objects.get(username="formateur"),
        "learner": get_user_model().objects.get(username="apprenant"),
    }
    Membership.objects.create(organisation=org_a, user=users["member_a"])
    Membership.objects.create(organisation=org_b, user=users["member_b"])
    Membership.objects.create(organisation=org_a, user=users["member_both"])
    Membership.objects.create(organisation=org_b, user=users["member_both"])
    Membership.objects.create(
        organisation=org_a,
        user=users["former_a"],
        ended_at=timezone.now() - datetime.timedelta(days=1),
    )
    course = make_course(f"Atelier partenaires {tag}", slug=f"atelier-partenaires-{tag}")
    finished = make_session(course, days=(-3, -2), capacity=10)
    finished.trainers.add(users["trainer"])
    upcoming = make_session(course, days=(12,), capacity=10)
    enrolments = {
        "a_consent": enrol(finished, "Alice", f"Aconsent{tag}", org_a, True),
        "a_no_consent": enrol(finished, "Anne", f"Anoconsent{tag}", org_a, False),
        "a_withdrawn": enrol(finished, "Amir", f"Awithdrawn{tag}", org_a, True),
        "b_consent": enrol(finished, "Bruno", f"Bconsent{tag}", org_b, True),
        "nobody": enrol(finished, "Nadia", f"Nobody{tag}", None, False),
        "a_upcoming": enrol(upcoming, "Aïcha", f"Aupcoming{tag}", org_a, True, "waitlisted"),
    }
    for enrolment in list(enrolments.values())[:5]:
        for sitting in finished.sittings.all():
            Attendance.objects.create(sitting=sitting, enrolment=enrolment, status="present")
    finished.sittings.update(closed_at=timezone.now(), closed_by=users["trainer"])  # attested
    certificates = {}
    for key in ("a_consent", "a_no_consent", "a_withdrawn", "b_consent", "nobody"):
        certificate, _created = issue(enrolments[key].pk, render=False)
        certificates[key] = store_pdfs(certificate)
    withdraw_referrer_consent(enrolments["a_withdrawn"].pk, actor=None)
    return World(org_a, org_b, users, enrolments, certificates, upcoming)
