"""Certificate pages: verification by code, and downloads by the learner and their trainer."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from attendance.services import sittings_for
from attendance.views import trainer_area
from certificates.codes import format_code, normalise_code
from certificates.documents import render_documents
from certificates.models import Certificate
from core import ratelimit
from core.clients import client_ip
from core.storage import private_file_response
from courses.links import enrolment_from_token

VERIFY_LIMIT = 30  # unknown codes per sender per ten minutes: people, not a code-guessing robot
KINDS = {"attestation": "attestation", "certificat-de-realisation": "realisation"}


def _verify_limit():
    return getattr(settings, "NUMIXS_VERIFY_RATE_LIMIT", VERIFY_LIMIT)


@require_safe
def verify_form(request):
    code = normalise_code(request.GET.get("code", ""))
    if code:
        return redirect("certificates:verify", code=code)
    return render(request, "certificates/verify.html", {"state": "form"})


@require_safe
def verify(request, code):
    # Only unknown codes count, against their sender only (the client's address read
    # through the trusted proxies): an employer checking many real ones is never stopped.
    sender = client_ip(request)
    if ratelimit.exceeded("verify", sender, limit=_verify_limit()):
        return render(
            request,
            "certificates/verify.html",
            {"state": "limited", "typed": code[:64]},
            status=429,
        )
    code = normalise_code(code)
    certificate = Certificate.objects.filter(verification_code=code).first() if code else None
    if certificate is None:
        ratelimit.count("verify", sender)
        return render(
            request,
            "certificates/verify.html",
            {"state": "unknown", "typed": format_code(code)},
            status=404,
        )
    first, _space, last = certificate.learner_name.partition(" ")
    return render(
        request,
        "certificates/verify.html",
        {
            "state": "revoked" if certificate.is_revoked else "valid",
            "certificate": certificate,
            "holder": f"{first} {last[:1]}." if last else first,
            "code": format_code(certificate.verification_code),
        },
    )


@require_safe
def learner_download(request, token, kind):
    """The learner's own certificate, from the signed link of their enrolment."""
    enrolment = enrolment_from_token(token)
    field = KINDS.get(kind)
    certificate = (
        Certificate.objects.valid().filter(enrolment=enrolment).first() if enrolment else None
    )
    if certificate is None or field is None:
        raise Http404(_("Pas d'attestation à télécharger ici."))
    return certificate_response(certificate, field)


def _own_certificates(user):
    return Certificate.objects.filter(enrolment__learner__user=user).order_by("-issued_at")


def my_certificates(request):
    """A learner with an account: their certificates, to download."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(
        request,
        "certificates/my_certificates.html",
        {"certificates": _own_certificates(request.user)},
    )


@require_safe
def account_download(request, pk, kind):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    certificate = _own_certificates(request.user).filter(revoked_at__isnull=True, pk=pk).first()
    if certificate is None or kind not in KINDS:
        raise Http404
    return certificate_response(certificate, KINDS[kind])


def certificate_response(certificate, field):
    """Serve a stored PDF (rendered once); render it first if it is missing."""
    stored = getattr(certificate, f"{field}_pdf")
    if certificate.rendered_at is None or not stored or not stored.storage.exists(stored.name):
        render_documents(certificate)
        stored = getattr(certificate, f"{field}_pdf")
    prefix = "attestation" if field == "attestation" else "certificat-de-realisation"
    return private_file_response(
        stored, filename=f"{prefix}-{certificate.number}.pdf", content_type="application/pdf"
    )


@require_safe
@trainer_area
def trainer_download(request, pk, kind):
    """A certificate of a learner of a session the trainer teaches (from the roster)."""
    taught = sittings_for(request.user).values("session_id")
    certificate = Certificate.objects.valid().filter(pk=pk, enrolment__session__in=taught).first()
    if certificate is None or kind not in KINDS:
        raise Http404
    return certificate_response(certificate, KINDS[kind])
