"""Inviting a member into a partner organisation: an account, a membership, an e-mail.

Staff type an e-mail address in the admin (`partners.admin_views.InviteMemberView`).
A new person gets an account without a password and a link to choose one
(core.tokens: single use, expires after NUMIXS_INVITATION_TIMEOUT); someone who
already has an account is simply added and told where the partners' area is.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task

from core.audit import record
from core.contact import get_contact
from core.errors import ServiceError
from core.links import absolute
from core.roles import PARTNERS_GROUP
from core.tokens import invitation_tokens
from courses.models import Membership, PartnerOrganisation


class InvitationError(ServiceError):
    """An invitation was refused; `message` says why, in French."""


def set_password_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_tokens.make_token(user)
    return absolute(reverse("set_password", args=[uid, token]))


def invite_member(organisation, *, email, first_name="", last_name="", actor=None):
    """Add the person with this e-mail to `organisation`; returns (user, created)."""
    email = (email or "").strip()
    if not email:
        raise InvitationError("no_email", _("Indiquez l'adresse e-mail de la personne."))
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).order_by("pk").first()
        created = user is None
        if created:
            username = email.lower()
            if User.objects.filter(username=username).exists():
                raise InvitationError(
                    "username_taken",
                    _("Un compte utilise déjà cet identifiant : ajoutez la personne à la main."),
                )
            user = User(username=username, email=email, first_name=first_name, last_name=last_name)
            user.set_unusable_password()
            user.save()
        elif not user.is_active:
            raise InvitationError(
                "inactive",
                _("Le compte de cette personne est désactivé : réactivez-le d'abord."),
            )
        if Membership.objects.current().filter(organisation=organisation, user=user).exists():
            raise InvitationError(
                "already_member", _("Cette personne est déjà membre de la structure.")
            )
        Membership.objects.create(organisation=organisation, user=user)
        user.groups.add(Group.objects.get_or_create(name=PARTNERS_GROUP)[0])
        inviter = (actor.get_full_name() or actor.username) if actor else ""
        transaction.on_commit(lambda: send_invitation.enqueue(user.pk, organisation.pk, inviter))
        record(
            organisation,
            "numixs.invitation.send",
            user=actor,
            member=user.get_username(),
            new_account=created,
        )
    return user, created


@task()
def send_invitation(user_id, organisation_id, inviter=""):
    user = get_user_model().objects.filter(pk=user_id).first()
    organisation = PartnerOrganisation.objects.filter(pk=organisation_id).first()
    if user is None or organisation is None or not user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "organisation": organisation,
            "inviter": inviter,
            "contact": get_contact(),
            "set_password_url": None if user.has_usable_password() else set_password_url(user),
            "area_url": absolute(reverse("partners:list")),
            "login_url": absolute(reverse("login")),
        }
        message = EmailMultiAlternatives(
            subject=_("Votre accès à l'espace partenaires Numixs : %(name)s")
            % {"name": organisation.name},
            body=render_to_string("emails/invitation.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
        message.send()
