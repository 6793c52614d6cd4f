"""The audit trail: every staff and partner action on personal data, in Wagtail's log.

Each entry says who did what, when, on which object; the admin shows them in
the object's history and in Reports > Site history. Services call `record`;
the actions' labels are registered once, here (core.wagtail_hooks).
"""

from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

# action → (label in lists, message in the history)
ACTIONS = {
    "numixs.enrolment.create": (_("Inscription"), _("Inscription enregistrée")),
    "numixs.enrolment.cancel": (_("Annulation"), _("Inscription annulée")),
    "numixs.enrolment.waitlist": (
        _("Liste d'attente"),
        _("Inscription déplacée en liste d'attente"),
    ),
    "numixs.enrolment.confirm": (
        _("Place confirmée"),
        _("Place confirmée depuis la liste d'attente"),
    ),
    "numixs.enrolment.top": (_("Tête de liste"), _("Mise en tête de la liste d'attente")),
    "numixs.enrolment.called": (_("Appel fait"), _("Appel fait")),
    "numixs.consent.withdraw": (_("Retrait de l'accord"), _("Accord de suivi retiré")),
    "numixs.consent.give": (_("Accord de suivi"), _("Accord de suivi donné")),
    "numixs.learner.merge": (_("Fusion"), _("Doublon fusionné dans cette fiche")),
    "numixs.learner.not_duplicate": (_("Pas un doublon"), _("Marqué comme personne distincte")),
    "numixs.learner.export": (_("Export des données"), _("Données personnelles exportées")),
    "numixs.learner.erase": (_("Effacement"), _("Données personnelles effacées (anonymisées)")),
    "numixs.attendance.reopen": (_("Réouverture"), _("Séance rouverte pour correction")),
    "numixs.certificate.issue": (_("Délivrance"), _("Attestation délivrée")),
    "numixs.certificate.override": (
        _("Délivrance hors seuil"),
        _("Attestation délivrée hors seuil"),
    ),
    "numixs.certificate.revoke": (_("Révocation"), _("Attestation révoquée")),
    "numixs.certificate.render": (_("PDF refaits"), _("PDF de l'attestation produits à nouveau")),
    "numixs.export": (_("Export"), _("Export de données personnelles")),
    "numixs.invitation.send": (_("Invitation"), _("Invitation envoyée")),
    "numixs.retention.purge": (
        _("Durées de conservation"),
        _("Données anonymisées en fin de conservation"),
    ),
}


def record(instance, action, user=None, **data):
    """Write one entry of the audit trail (`action` is one of ACTIONS)."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to core.audit.ACTIONS.")
    if user is not None and not user.is_authenticated:
        user = None
    log(
        _unwrapped(instance),
        action,
        user=_unwrapped(user),
        data={key: _plain(value) for key, value in data.items()},
    )


def _unwrapped(value):
    """request.user is a lazy object around a lazy object (django-otp wraps Django's):
    Wagtail's log finds the model of the object itself only."""
    while isinstance(value, LazyObject):
        if value._wrapped is empty:
            value._setup()
        value = value._wrapped
    return value


def _plain(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return str(value)
