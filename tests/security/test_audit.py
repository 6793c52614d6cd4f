"""The audit trail: staff and partner actions on personal data are in Wagtail's log,
with who and when, and show in the admin's history."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry

from attendance.services import close_sitting, reopen_sitting
from certificates.services import revoke
from courses.models import PartnerOrganisation, Session
from courses.services.enrolment import Person, enrol
from partners.invitations import invite_member

pytestmark = pytest.mark.django_db


def entries(action):
    return ModelLogEntry.objects.filter(action=action)


def user(name):
    return get_user_model().objects.get(username=name)


def test_certificates_issued_and_revoked_are_logged(certificate):
    assert entries("numixs.certificate.issue").filter(object_id=str(certificate.pk)).exists()
    revoke(certificate.pk, actor=user("coordination"), reason="Erreur de personne")
    entry = entries("numixs.certificate.revoke").get(object_id=str(certificate.pk))
    assert entry.user.username == "coordination" and entry.data["reason"] == "Erreur de personne"


def test_exports_and_invitations_are_logged(client, home_page):
    client.force_login(user("partenaire"))
    client.get("/partenaires/export.csv")
    assert entries("numixs.export").filter(user__username="partenaire").exists()
    client.force_login(user("coordination"))
    client.get("/admin/snippets/courses/enrolment/?export=csv")
    assert entries("numixs.export").filter(user__username="coordination").exists()
    organisation = PartnerOrganisation.objects.filter(is_active=True).first()
    invite_member(organisation, email="nouvelle@example.org", actor=user("coordination"))
    assert entries("numixs.invitation.send").get().data["member"]


def test_a_reopened_sitting_is_logged_with_its_reason(sitting, trainer):
    close_sitting(sitting.pk, user=trainer, signature="M10 50 L40 20")
    reopen_sitting(sitting.pk, user=user("coordination"), reason="Oubli d'une présence")
    entry = entries("numixs.attendance.reopen").get()
    assert entry.data["reason"] == "Oubli d'une présence" and entry.timestamp


def test_the_site_history_lists_them_for_coordinators(client, certificate):
    client.force_login(user("coordination"))
    page = client.get("/admin/reports/site-history/").content.decode()
    assert "Attestation délivrée" in page


def test_enrolments_made_for_someone_else_are_logged(home_page):
    session = Session.objects.filter(status="open").published().upcoming().first()
    partner = user("partenaire")
    enrol(session.pk, Person("Inès", "Tracée", phone="0612121212"), actor=partner)
    entry = entries("numixs.enrolment.create").get()
    assert entry.user == partner and entry.data["channel"] == "partner"
    enrol(session.pk, Person("Awa", "Seule", phone="0613131313"))  # the person herself
    assert entries("numixs.enrolment.create").count() == 1
