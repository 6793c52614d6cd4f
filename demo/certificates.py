"""Demo partner organisations with their members, and the certificates they download."""

from certificates.documents import render_batch
from certificates.models import Certificate
from certificates.services import issue_session, revoke
from courses.models import Learner, Membership, PartnerKind, PartnerOrganisation, Session

DEMO_ORGANISATIONS = [
    # referral code, name, kind, town, member usernames
    (
        "FTSARC",
        "France Travail Sarcelles",
        PartnerKind.EMPLOYMENT_AGENCY,
        "Sarcelles",
        ["partenaire"],
    ),
    (
        "CMA95",
        "Chambre de métiers et de l'artisanat du Val-d'Oise",
        PartnerKind.CHAMBER_OF_TRADES,
        "Cergy",
        ["partenaire2"],
    ),
    ("MLGON", "Mission locale de Gonesse", PartnerKind.YOUTH_MISSION, "Gonesse", []),
]


def ensure_partner_organisations(users):
    """The demo organisations, with the demo partner accounts as members."""
    organisations = []
    for code, name, kind, town, members in DEMO_ORGANISATIONS:
        organisation, _ = PartnerOrganisation.objects.get_or_create(
            referral_code=code, defaults={"name": name, "kind": kind, "town": town}
        )
        for username in members:
            if username in users:
                Membership.objects.get_or_create(
                    organisation=organisation, user=users[username], ended_at=None
                )
        organisations.append(organisation)
    return organisations


def issue_demo_certificates(coordinator, learner_account=None):
    """Certificates for the demo's finished sessions, and one revoked; PDFs on first download.

    The learner of the last one gets the demo learner account (when given).
    """

    if not Certificate.objects.exists():
        _issue_all(coordinator)
    certificate = (
        Certificate.objects.valid().select_related("enrolment__learner").order_by("-pk").first()
    )
    if certificate is not None and learner_account is not None:
        learner = Learner.objects.filter(user=learner_account).first()
        if learner is None:
            learner = certificate.enrolment.learner
            learner.user = learner_account
            learner.save(update_fields=["user"])
        learner_account.first_name = learner.first_name
        learner_account.last_name = learner.last_name
        learner_account.save(update_fields=["first_name", "last_name"])
    return certificate


def _issue_all(coordinator):

    finished = [
        session
        for session in Session.objects.filter(sittings__closed_at__isnull=False)
        .distinct()
        .order_by("end_date", "pk")
        if not session.sittings.filter(closed_at__isnull=True).exists()
    ]
    # The last session to finish waits for the coordinator (the desk's "attestations à
    # délivrer", with the reasons of those left out): the demo issues the others.
    for session in finished[:-1]:
        issue_session(session.pk, render=False)
    first = Certificate.objects.order_by("issued_at", "pk").first()
    if first is not None:
        revoke(
            first.pk,
            actor=coordinator,
            reason="Démo : présences saisies sur la mauvaise session.",
            render=False,
        )


def render_partner_certificates():
    """Render the PDFs the demo partners can download, so that their ZIP only reads storage.

    The other demo certificates are rendered on their first download.
    """

    ids = list(
        Certificate.objects.valid()
        .filter(
            enrolment__referrer__isnull=False,
            enrolment__referrer_consent=True,
            rendered_at__isnull=True,
        )
        .values_list("pk", flat=True)
    )
    render_batch(ids)
    return len(ids)
