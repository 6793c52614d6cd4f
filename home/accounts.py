"""Logging in safely: lockout after repeated failures (django-axes), two-factor
authentication (TOTP with recovery codes, django-otp), idle staff sessions.

Who must use a second factor: staff (the Wagtail admin) and coordinators,
when NUMIXS_STAFF_2FA is on (the default). Anyone else who activated one
(partners may) is asked for it too. Trainers are not: their tablets work
offline all day.
"""

import base64
import time

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import redirect_to_login
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.encoding import force_bytes
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import ratelimit
from core.clients import client_ip
from core.contact import get_contact
from core.links import absolute
from core.roles import is_coordinator

RECOVERY_CODES = 10
VERIFY_URL_NAME = "two_factor_verify"
SETUP_URL_NAME = "two_factor_setup"
# URLs a user who still owes a second factor may open.
# Pages about one person, reached without an account (signed links) or with one.
PERSONAL_PREFIXES = (
    "/formations/mon-inscription/",
    "/mon-compte/",
    "/formateur/",
    "/partenaires/",
    "/connexion/",
)
OPEN_PREFIXES = ("/static/", "/connexion/", "/deconnexion/", "/healthz", "/admin/logout/")


def two_factor_required(user):
    """Staff and coordinators must; anyone who activated a device must use it."""
    if not user.is_authenticated:
        return False
    if settings.NUMIXS_STAFF_2FA and (user.is_staff or user.is_superuser or is_coordinator(user)):
        return True
    return user_has_device(user, confirmed=True)


def lockout(request, original_response=None, credentials=None):
    """django-axes: the answer once an account or an address made too many failed attempts."""
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
        status=429,
    )


def _safe_next(request, default="/mon-espace/"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


SESSION_KEY = "numixs_2fa"


@receiver(user_logged_in, dispatch_uid="numixs-remember-second-factor")
def remember_second_factor(sender, request, user, **kwargs):
    """At login, note in the new session whether this user owes a second factor."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = two_factor_required(user)


class SecurityMiddleware:
    """After authentication: idle staff sessions end; a second factor owed is asked for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            if user.is_staff and self._idle_too_long(request):
                logout(request)
                messages.info(
                    request,
                    _("Vous avez été déconnecté(e) après une longue inactivité. Reconnectez-vous."),
                )
                return redirect_to_login(request.get_full_path())
            if (
                not user.is_verified()
                and not request.path_info.startswith(OPEN_PREFIXES)
                and self._owes_second_factor(request)
            ):
                name = VERIFY_URL_NAME if user_has_device(user) else SETUP_URL_NAME
                return redirect_to_login(request.get_full_path(), login_url=reverse(name))
        response = self.get_response(request)
        if user.is_authenticated or request.path_info.startswith(PERSONAL_PREFIXES):
            # Personal pages and files: never kept by a browser or a proxy (a shared
            # computer in a mediation room, the back button after logging out).
            patch_cache_control(response, no_store=True, private=True)
        return response

    @staticmethod
    def _owes_second_factor(request):
        """Known from the login (`remember_second_factor`): the requests of a trainer's
        tablet or a partner's list cost no query for it."""
        owes = request.session.get(SESSION_KEY)
        if owes is None:  # a session from before this rule
            owes = two_factor_required(request.user)
            request.session[SESSION_KEY] = owes
        return owes

    @staticmethod
    def _idle_too_long(request):
        now = int(time.time())
        last = request.session.get("numixs_seen", now)
        if now - last >= 60 or "numixs_seen" not in request.session:
            request.session["numixs_seen"] = now  # written at most once a minute
        return now - last > settings.NUMIXS_STAFF_IDLE_MINUTES * 60


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request):
    """Type the six-digit code of the authenticator app, or a recovery code."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user_has_device(request.user):
        return redirect(reverse(SETUP_URL_NAME) + f"?next={_safe_next(request)}")
    error = None
    if request.method == "POST":
        token = "".join(request.POST.get("code", "").split())
        device = _matching_device(request.user, token)
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        error = _(
            "Ce code ne fonctionne pas. Tapez les 6 chiffres affichés maintenant par "
            "l'application (ils changent toutes les 30 secondes), ou un code de secours."
        )
    return render(
        request,
        "registration/two_factor_verify.html",
        {"error": error, "next": _safe_next(request)},
        status=200 if error is None else 400,
    )


def _matching_device(user, token):
    if not token or len(token) > 16:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):  # each device throttles repeated failures itself
            return device
    return None


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def setup(request):
    """Activate the second factor: scan the QR code, type a code, keep the recovery codes."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect(reverse(VERIFY_URL_NAME) + f"?next={_safe_next(request)}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Application"), confirmed=False)
    error = None
    if request.method == "POST":
        token = "".join(request.POST.get("code", "").split())
        if token.isdigit() and device.verify_token(token):
            codes = _activate(user, device)
            otp_login(request, device)
            return render(
                request,
                "registration/two_factor_codes.html",
                {"codes": codes, "next": _safe_next(request)},
            )
        error = _(
            "Ce code ne fonctionne pas. Vérifiez que l'heure du téléphone est juste, puis "
            "tapez les 6 chiffres affichés maintenant."
        )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(
                scale=5, title=_("Code QR")
            ),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "error": error,
            "required": two_factor_required(user),
            "next": _safe_next(request),
        },
        status=200 if error is None else 400,
    )


@transaction.atomic
def _activate(user, device):
    """Confirm the app and make fresh recovery codes (shown once, stored as used-once tokens)."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=_("Codes de secours"), confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    for code in codes:
        backup.token_set.create(token=code)
    return codes


class ResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=gettext_lazy("Adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": gettext_lazy("Tapez l'adresse e-mail de votre compte."),
            "invalid": gettext_lazy(
                "Cette adresse e-mail n'est pas complète. Exemple : nom@exemple.fr"
            ),
        },
    )


RESET_PER_SENDER = 5  # requests per client address per ten minutes
RESET_PER_ADDRESS = 3  # links per e-mail address per hour


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def password_reset(request):
    """Forgotten password: a link valid a day goes to the address, if an account has it.

    The answer is the same whether or not an account has the address (nobody
    learns who has one). Limited per sender and per address, so it can
    neither be used to flood someone's mailbox nor to probe.
    """
    form = ResetForm(request.POST or None)
    if request.method != "POST":
        return render(request, "registration/password_reset.html", {"form": form})
    sender = client_ip(request)
    if ratelimit.exceeded("reset", sender, limit=RESET_PER_SENDER):
        return render(
            request, "registration/password_reset.html", {"form": form, "limited": True}, status=429
        )
    ratelimit.count("reset", sender)
    if not form.is_valid():
        return render(request, "registration/password_reset.html", {"form": form}, status=400)
    email = form.cleaned_data["email"].strip().lower()
    if not ratelimit.exceeded("reset-address", email, limit=RESET_PER_ADDRESS):
        ratelimit.count("reset-address", email, window=3600)
        for user in form.get_users(email):
            _send_reset_link(user)
    return render(request, "registration/password_reset.html", {"sent": True})


def _send_reset_link(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = absolute(
        reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])
    )
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            _("Numixs Formations : choisir un nouveau mot de passe"),
            render_to_string(
                "emails/password_reset.txt",
                {"user": user, "link": link, "contact": get_contact()},
            ),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
