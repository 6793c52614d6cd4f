import json

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from wagtail import hooks

from core import ratelimit, sms
from core.clients import client_ip
from core.contact import get_contact
from core.pdf import render_pdf
from core.sms.backends.brevo import parse_report
from courses.choices import EnrolmentChannel, EnrolmentStatus, SessionStatus
from courses.forms import EnrolmentForm, situation_for_audience
from courses.ics import session_calendar
from courses.links import enrolment_from_token, manage_url
from courses.models import Enrolment, Session
from courses.notifications import record_delivery, short_path
from courses.services.enrolment import (
    cancel,
    channel_for,
    check_open,
    enrol,
    give_referrer_consent,
    waitlist_rank,
)
from courses.services.errors import EnrolmentError

# A Wagtail hook: functions (request, enrolment) -> extra context for the learner's page.
LEARNER_PAGE_HOOK = "learner_enrolment_context"


def _public_session_or_404(public_id, queryset=None):
    """A session whose course is published; anything else is a 404 (no hint it exists)."""
    session = (
        (queryset if queryset is not None else Session.objects.all())
        .published()
        .select_related("course", "venue")
        .prefetch_related("sittings")
        .filter(public_id=public_id)
        .first()
    )
    if session is None:
        raise Http404
    return session


@require_safe
def session_ics(request, public_id):
    session = _public_session_or_404(public_id)
    body = session_calendar(
        session, session.course.get_full_url(request), get_contact(request).phone
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = f"numixs-{session.course.slug}-{session.start_date or 'session'}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _rate_limited(request):
    """True once a sender has posted too many enrolments in ten minutes: robots, not people.

    Counted per client address (read through the trusted proxies only), so one
    sender's posts never lock anybody else out.
    """
    sender = client_ip(request)
    if ratelimit.exceeded("enrol", sender, limit=settings.NUMIXS_ENROL_RATE_LIMIT):
        return True
    ratelimit.count("enrol", sender)
    return False


def _enrol_page(request, session, form, status=200, error=None):
    return render(
        request,
        "pages/enrol.html",
        {
            "session": session,
            "course": session.course,
            "form": form,
            "error": error,
            "closed": _closed_reason(session),
            "assisted": channel_for(request.user) != EnrolmentChannel.SELF,
        },
        status=status,
    )


def _closed_reason(session):
    try:
        check_open(session)
    except EnrolmentError as error:
        return error.message
    return None


@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def enrol_view(request, public_id):
    session = _public_session_or_404(public_id, Session.objects.with_seats())
    if request.method != "POST":
        # Came from a tile ("Je cherche un emploi"…): the situation is already said.
        situation = situation_for_audience(request.GET.get("public"))
        form = EnrolmentForm(user=request.user, initial={"situation": situation})
        return _enrol_page(request, session, form)
    form = EnrolmentForm(request.POST, user=request.user)
    if _rate_limited(request):
        return _enrol_page(
            request,
            session,
            form,
            status=429,
            error=_(
                "Trop de demandes depuis cette connexion. Réessayez dans quelques minutes, "
                "ou appelez-nous."
            ),
        )
    if not form.is_valid():
        return _enrol_page(request, session, form, status=200)
    if form.is_spam:
        raise Http404
    try:
        result = enrol(
            session.pk,
            form.person(),
            referrer=form.cleaned_data["referrer"],
            consent=form.cleaned_data["referrer_consent"],
            actor=request.user,
        )
    except EnrolmentError as error:
        return _enrol_page(request, session, form, error=error.message)
    if result.link_sent_again:
        # Someone else's enrolment, perhaps: say only what the sender typed is known.
        return render(request, "pages/enrolment_exists.html", {"course": session.course})
    if result.enrolment.channel == EnrolmentChannel.PARTNER:
        # The signed link is the learner's alone (it cancels, gives consent back,
        # downloads the certificate): the advisor gets a receipt, not the link.
        return render(
            request,
            "pages/enrolment_recorded.html",
            {"enrolment": result.enrolment, "session": session, "course": session.course},
        )
    url = manage_url(result.enrolment) + ("?nouvelle=1" if result.created else "?deja=1")
    return redirect(url)


# What the holder of a learner's own link may do: cancel, or give their referrer's
# follow-up back (service, the flag the page then shows).
LEARNER_ACTIONS = {"cancel": (cancel, "annulee"), "consent": (give_referrer_consent, "accord")}


@require_http_methods(["GET", "HEAD", "POST"])
def manage_enrolment(request, token):
    enrolment = enrolment_from_token(token)
    if enrolment is None:
        return render(request, "pages/enrolment_link_expired.html", status=404)
    error = None
    action = LEARNER_ACTIONS.get(request.POST.get("action")) if request.method == "POST" else None
    if action is not None:
        service, done = action
        try:
            service(enrolment.pk, actor=request.user)
        except EnrolmentError as exc:
            error = exc.message
        else:
            return redirect(f"{manage_url(enrolment)}?{done}=1")
    enrolment.refresh_from_db()
    session = enrolment.session
    cancelled = (
        enrolment.status == EnrolmentStatus.CANCELLED or session.status == SessionStatus.CANCELLED
    )
    context = {}
    # What the layers above add to the learner's page (certificates: the downloads).
    for hook in hooks.get_hooks(LEARNER_PAGE_HOOK):
        context.update(hook(request, enrolment))
    return render(
        request,
        "pages/manage_enrolment.html",
        {
            **context,
            "enrolment": enrolment,
            "session": enrolment.session,
            "course": enrolment.session.course,
            "rank": waitlist_rank(enrolment),
            "short_link": request.build_absolute_uri(short_path(enrolment)),
            "sms_to": enrolment.learner.phone if sms.is_mobile(enrolment.learner.phone) else "",
            "session_cancelled": session.status == SessionStatus.CANCELLED,
            # After a cancellation (theirs or the centre's): the course's other dates.
            "other_sessions": _other_sessions(enrolment) if cancelled else [],
            "token": token,
            "just_enrolled": "nouvelle" in request.GET,
            "already": "deja" in request.GET,
            "just_cancelled": "annulee" in request.GET,
            "just_consented": "accord" in request.GET,
            "confirm_cancel": "annuler" in request.GET and enrolment.status != "cancelled",
            "cancellable": not cancelled and _closed_reason(session) is None,
            "error": error,
        },
    )


def _other_sessions(enrolment, limit=4):
    """The same course's next sessions still open to enrolment (not this one)."""
    return list(
        Session.objects.published()
        .upcoming()
        .filter(course_id=enrolment.session.course_id, status=SessionStatus.OPEN)
        .exclude(pk=enrolment.session_id)
        .for_listing()[:limit]
    )


@require_safe
def convocation(request, token, pdf=False):
    """The learner's convocation: dates, place, what to bring, phone, reference (page or PDF).

    Reached with the learner's own link only, like their enrolment page.
    """
    enrolment = enrolment_from_token(token)
    if enrolment is None:
        return render(request, "pages/enrolment_link_expired.html", status=404)
    if (
        enrolment.status != EnrolmentStatus.CONFIRMED
        or enrolment.session.status == SessionStatus.CANCELLED
    ):
        return redirect(manage_url(enrolment))
    session = enrolment.session
    context = {
        "enrolment": enrolment,
        "learner": enrolment.learner,
        "session": session,
        "course": session.course,
        "venue": session.venue,
        "contact": get_contact(request),
        "token": token,
        "short_link": request.build_absolute_uri(short_path(enrolment)),
    }
    if not pdf:
        return render(request, "pages/convocation.html", context)
    body = render_pdf("pages/convocation_pdf.html", context, variant=None)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="convocation-numixs-{enrolment.reference}.pdf"'
    )
    return response


@require_safe
def short_link(request, token):
    """/i/<token>, the SMS's short link: to the learner's page (signed link)."""
    sender = client_ip(request)
    if ratelimit.exceeded("short-link", sender, limit=settings.NUMIXS_ENROL_RATE_LIMIT):
        return render(request, "pages/enrolment_link_expired.html", {"limited": True}, status=429)
    enrolment = Enrolment.objects.filter(short_token=token.strip().upper()).first()
    if enrolment is None:
        ratelimit.count("short-link", sender)  # guessing costs: misses are counted
        return render(request, "pages/enrolment_link_expired.html", status=404)
    return redirect(manage_url(enrolment))


@csrf_exempt
@require_POST
def sms_status(request, token):
    """Delivery reports from the SMS provider (Brevo's webUrl), at a secret address."""
    expected = settings.NUMIXS_SMS_STATUS_TOKEN
    if not expected or not constant_time_compare(token, expected):
        raise Http404
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, RecursionError):
        return JsonResponse({"error": "invalid JSON"}, status=400)
    provider_id, status = parse_report(payload)
    return JsonResponse({"updated": record_delivery(provider_id, status)})
