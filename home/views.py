import logging
import uuid

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.cache import status as cache_status
from core.contact import FallbackContact, get_contact, get_home_url
from core.roles import is_trainer
from partners.access import is_partner_member

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers, 503 otherwise (for load balancers and monitors).

    The cache is reported but never fails the check: without it pages are slower,
    not broken ("degraded").
    """
    cache_state = _cache_state()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer.")
        return JsonResponse(
            {"status": "error", "database": "unavailable", "cache": cache_state}, status=503
        )
    status = "ok" if cache_state == "ok" else "degraded"
    return JsonResponse({"status": status, "database": "ok", "cache": cache_state})


def _cache_state():
    """Write and read back a value: "ok", or "degraded" when the cache does not keep it."""
    probe = uuid.uuid4().hex
    cache.set("numixs:healthz", probe, 10)
    if cache.get("numixs:healthz") != probe or cache_status() != "ok":
        return "degraded"
    return "ok"


@require_safe
def hello(request):
    """The benchmark's baseline: the cheapest response this server can give."""
    return HttpResponse(b"hello", content_type="text/plain")


def page_not_found(request, exception=None):
    template = loader.get_template("404.html")
    context = {"home_url": get_home_url(request)}
    return HttpResponse(template.render(context, request), status=404)


def server_error(request):
    """Render the 500 page without trusting anything: the error may be the database itself."""
    try:
        contact = get_contact(request)
    except Exception:  # the error page must render whatever went wrong
        contact = FallbackContact(phone=settings.NUMIXS_FALLBACK_PHONE)
    template = loader.get_template("500.html")
    return HttpResponse(template.render({"contact": contact, "home_url": "/"}), status=500)


def my_area(request):
    """After logging in: each role to its own area."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if is_trainer(user):
        return redirect("attendance:trainer_home")
    if user.is_staff:
        return redirect("wagtailadmin_home")
    if is_partner_member(user):
        return redirect("partners:list")
    if hasattr(user, "learner"):
        return redirect("certificates:mine")
    return redirect("/")


def csrf_failure(request, reason=""):
    """A form sent from an expired page (or forged): say so in French, lose nothing silently.

    The tablets' sync endpoint gets JSON its script understands (it keeps the
    changes and retries once logged in again).
    """
    message = _(
        "Cette page a expiré (elle est restée ouverte longtemps, ou vous vous êtes "
        "reconnecté(e) ailleurs). Rechargez la page, puis recommencez."
    )
    if request.path_info.startswith("/formateur/synchro"):
        return JsonResponse({"error": "csrf", "message": str(message)}, status=403)
    template = loader.get_template("403_csrf.html")
    return HttpResponse(template.render({"message": message}, request), status=403)
