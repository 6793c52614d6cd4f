"""Demo partner organisations (development only)."""

from certificates.models import Membership, PartnerKind, PartnerOrganisation

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


def issue_demo_certificates(coordinator):
    """Certificates for the demo's finished sessions, and one revoked; PDFs on first download."""
    from certificates.models import Certificate
    from certificates.services import issue_session, revoke
    from courses.models import Session

    if Certificate.objects.exists():
        return Certificate.objects.valid().select_related("enrolment").order_by("-pk").first()
    finished = Session.objects.filter(sittings__closed_at__isnull=False).distinct()
    for session in finished:
        if not session.sittings.filter(closed_at__isnull=True).exists():
            issue_session(session.pk, render=False)
    first = Certificate.objects.order_by("issued_at", "pk").first()
    if first is not None:
        revoke(
            first.pk,
            actor=coordinator,
            reason="Démo : présences saisies sur la mauvaise session.",
            render=False,
        )
    return Certificate.objects.valid().select_related("enrolment").order_by("-pk").first()
