"""The trainer area (/formateur/): today's sittings, rosters, closing, the attendance sheet.

Every view checks the object: a trainer reaches only the sittings of sessions
they teach (coordinators reach all); anything else is a 404 with no hint that
it exists. Marks go through `attendance.services.apply_change`, from
the plain form as from the tablet's sync requests.
"""

import datetime
import hashlib
import json
import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from wagtail import hooks

from attendance import services as service
from attendance.forms import WalkInForm
from attendance.models import AttendanceStatus, ChangeKind
from attendance.services import AttendanceError
from attendance.sheet import render_sheet
from core.roles import is_coordinator
from courses.models import Session
from courses.services.errors import EnrolmentError

# A Wagtail hook: functions (request, enrolments) -> {enrolment id: [(label, url)]},
# links shown under each learner of the roster.
ROSTER_LINKS_HOOK = "trainer_roster_links"
MAX_SYNC_BYTES = 512 * 1024  # a batch of a few hundred changes with signatures
MAX_SYNC_CHANGES = 500


def trainer_area(view):
    """Logged-in trainers and coordinators only; others are sent to log in, or get a 404."""

    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.headers.get("Accept", "").startswith("application/json"):
                return JsonResponse(
                    {"code": "login_required", "message": _("Reconnectez-vous.")}, status=401
                )
            return redirect_to_login(request.get_full_path())
        if not service.can_use_trainer_area(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _sitting_or_404(user, pk):
    sitting = (
        service.sittings_for(user)
        .select_related("session__course", "session__venue", "closed_by")
        .filter(pk=pk)
        .first()
    )
    if sitting is None:
        raise Http404
    return sitting


@require_safe
@never_cache
@trainer_area
def home(request):
    today = timezone.localdate()
    week = [today + datetime.timedelta(days=n) for n in range(1, 8)]
    visible = service.sittings_for(request.user).exclude(session__status="cancelled")
    sittings = list(
        visible.filter(date__gte=today - datetime.timedelta(days=7), date__lte=week[-1])
        .select_related("session__course", "session__venue")
        .order_by("date", "start_time")
    )
    enrolled = dict(
        Session.objects.with_seats()
        .filter(pk__in={s.session_id for s in sittings})
        .values_list("pk", "confirmed_count")
    )
    marked = service.marked_counts(sittings)
    tomorrow = today + datetime.timedelta(days=1)
    for sitting in sittings:
        sitting.enrolled = enrolled.get(sitting.session_id, 0)
        sitting.marked = marked.get(sitting.pk, 0)
        # Today's and tomorrow's open sittings are kept on the tablet (roster.js):
        # the van may have no network all day.
        if sitting.date in (today, tomorrow) and not sitting.is_closed:
            sitting.offline_urls = json.dumps(
                [
                    reverse("attendance:trainer_roster", args=[sitting.pk]),
                    reverse("attendance:trainer_walk_in", args=[sitting.pk]),
                    reverse("attendance:trainer_close", args=[sitting.pk]),
                ]
            )
    return render(
        request,
        "trainer/home.html",
        {
            "today": [s for s in sittings if s.date == today],
            "week": [s for s in sittings if s.date > today],
            "to_close": [s for s in sittings if s.date < today and not s.is_closed],
            "today_date": today,
            "offline_assets": json.dumps([static(name) for name in OFFLINE_ASSETS]),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@trainer_area
def roster(request, pk):
    sitting = _sitting_or_404(request.user, pk)
    errors = []
    if request.method == "POST":
        errors = _save_roster_form(request, sitting)
        if not errors:
            messages.success(request, _("Les présences sont enregistrées."))
            return redirect("attendance:trainer_roster", pk=sitting.pk)
    rows = service.roster(sitting)
    unmarked = sum(1 for _enrolment, a in rows if a is None or not a.status)
    # Links the layers above add under each learner (certificates: the attestation).
    links = {}
    for hook in hooks.get_hooks(ROSTER_LINKS_HOOK):
        for enrolment_id, found in hook(request, [enrolment for enrolment, _a in rows]).items():
            links.setdefault(enrolment_id, []).extend(found)
    for enrolment, _attendance in rows:
        enrolment.extra_links = links.get(enrolment.pk, [])
    return render(
        request,
        "trainer/roster.html",
        {
            "sitting": sitting,
            "session": sitting.session,
            "rows": rows,
            "unmarked": unmarked,
            "statuses": AttendanceStatus.choices,
            "errors": errors,
            "posted": request.POST if errors else None,
            "is_coordinator": is_coordinator(request.user),
            "reopenings": sitting.reopenings.select_related("reopened_by").order_by("-reopened_at"),
        },
        status=400 if errors else 200,
    )


def _save_roster_form(request, sitting):
    """The roster without JavaScript: every mark or note that changed, through the service."""
    now = timezone.now()
    current = {enrolment.pk: attendance for enrolment, attendance in service.roster(sitting)}
    everyone = "all_present" in request.POST
    changes = []
    for enrolment_id, attendance in current.items():
        status = attendance.status if attendance else ""
        note = attendance.note if attendance else ""
        posted_status = request.POST.get(f"mark-{enrolment_id}", status)
        if everyone and not posted_status:
            posted_status = AttendanceStatus.PRESENT
        posted_note = request.POST.get(f"note-{enrolment_id}", note).strip()
        if posted_status != status:
            changes.append((enrolment_id, ChangeKind.MARK, posted_status))
        if posted_note != note:
            changes.append((enrolment_id, ChangeKind.NOTE, posted_note))
    errors = []
    # Check everything first: a bad value changes nothing.
    for _enrolment_id, kind, value in changes:
        try:
            service.check_value(kind, value)
        except AttendanceError as error:
            errors.append(error.message)
    if errors:
        return errors
    for enrolment_id, kind, value in changes:
        change = service.Change(
            uuid.uuid4(), sitting.pk, enrolment_id, kind, value, now, "formulaire"
        )
        try:
            service.apply_change(change, user=request.user, now=now)
        except AttendanceError as error:
            errors.append(error.message)
            break
    return errors


@require_POST
@never_cache
@trainer_area
def sync(request):
    """A tablet sends its waiting changes: {"device": "...", "sent_at": "...", "changes": [...]}.

    All or nothing: when any change cannot be applied, nothing is written and
    the answer (422) names each bad change by its id, with a code and a reason;
    the tablet shows them, drops them, and sends the rest again. Otherwise each
    change is answered on its own (applied, superseded or duplicate; rejected
    only if its sitting was closed between the check and the write). A request
    that is not a batch at all is a 4xx and changes nothing.

    "sent_at" is the tablet's clock when it sent the batch: the difference with
    the server's clock corrects every device time in it (services.clock_offset).
    """
    if len(request.body) > MAX_SYNC_BYTES:
        return _sync_error(
            413, "too_large", _("Envoi trop gros : la tablette doit l'envoyer en plusieurs fois.")
        )
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _sync_error(400, "malformed_json", _("Le contenu envoyé n'est pas du JSON valide."))
    if not isinstance(payload, dict) or not isinstance(payload.get("changes"), list):
        return _sync_error(
            400, "malformed_payload", _("Il faut un objet avec une liste « changes ».")
        )
    changes = payload["changes"]
    if len(changes) > MAX_SYNC_CHANGES:
        return _sync_error(
            413, "too_many_changes", _("Trop de changements en une fois (500 au plus).")
        )
    now = timezone.now()
    device = str(payload.get("device", ""))[:64]
    offset = service.clock_offset(payload.get("sent_at"), now)
    parsed, problems = [], []
    for index, data in enumerate(changes):
        try:
            parsed.append(service.parse_change(data, device, offset))
        except AttendanceError as error:
            change_id = _change_id(data)
            if change_id is None:  # nothing to name it by: the batch itself is broken
                return _sync_error(400, error.code, f"{index}: {error.message}")
            problems.append({"id": change_id, "code": error.code, "message": error.message})
    if not problems:
        outcome = service.apply_batch(parsed, user=request.user, now=now)
        if "results" in outcome:
            return JsonResponse({"results": outcome["results"]})
        problems = outcome["problems"]
    return JsonResponse(
        {
            "code": "invalid_changes",
            "message": _("Des changements sont refusés ; rien n'a été enregistré."),
            "errors": problems,
        },
        status=422,
    )


def _change_id(data):
    """The id of a change the server could not read, if it has a readable one."""
    try:
        return str(uuid.UUID(str(data["id"])))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _sync_error(status, code, message):
    return JsonResponse({"code": code, "message": message}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@trainer_area
def close(request, pk):
    sitting = _sitting_or_404(request.user, pk)
    error = None
    if request.method == "POST":
        try:
            device_time = _device_time(request.POST.get("device_time"))
            service.close_sitting(
                sitting.pk,
                user=request.user,
                signature=request.POST.get("signature", ""),
                device_time=device_time,
                device_id=request.POST.get("device", "").replace("\x00", "")[:64],
            )
        except AttendanceError as exc:
            error = exc.message
        else:
            messages.success(request, _("La séance est clôturée. Merci !"))
            return redirect("attendance:trainer_roster", pk=sitting.pk)
    return render(
        request,
        "trainer/close.html",
        {
            "sitting": sitting,
            "session": sitting.session,
            "unmarked": service.unmarked(sitting),
            "unsigned": service.unsigned(sitting),
            "error": error,
        },
        status=400 if error else 200,
    )


def _device_time(value):
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise AttendanceError(
            "invalid_device_time", _("L'heure de la tablette est illisible.")
        ) from None
    if timezone.is_naive(moment):
        raise AttendanceError(
            "invalid_device_time", _("L'heure de la tablette doit préciser son fuseau horaire.")
        )
    return moment


@require_POST
@never_cache
@trainer_area
def reopen(request, pk):
    sitting = _sitting_or_404(request.user, pk)
    try:
        service.reopen_sitting(sitting.pk, user=request.user, reason=request.POST.get("reason"))
    except AttendanceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("La séance est rouverte ; le motif est enregistré."))
    return redirect("attendance:trainer_roster", pk=sitting.pk)


@sensitive_post_parameters()  # a person's details stay out of error reports
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@trainer_area
def walk_in(request, pk):
    sitting = _sitting_or_404(request.user, pk)
    form = WalkInForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = service.add_walk_in(
                sitting.pk,
                form.person(),
                user=request.user,
                over_capacity=form.cleaned_data["over_capacity"],
            )
        except (EnrolmentError, AttendanceError) as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("%(name)s est ajouté(e) et marqué(e) présent(e).") % {"name": enrolment.learner},
            )
            return redirect("attendance:trainer_roster", pk=sitting.pk)
    return render(
        request,
        "trainer/walk_in.html",
        {
            "sitting": sitting,
            "session": sitting.session,
            "form": form,
            "error": error,
            "sync_url": reverse("attendance:trainer_sync"),
        },
        status=400 if (request.method == "POST" and (error or form.errors)) else 200,
    )


@require_safe
@trainer_area
def attendance_sheet(request, pk):
    """The session's attendance sheet (feuille d'émargement) as a tagged PDF."""
    session = (
        Session.objects.filter(pk=pk, sittings__in=service.sittings_for(request.user))
        .select_related("course", "venue")
        .distinct()
        .first()
    )
    if session is None:
        raise Http404
    pdf = render_sheet(session, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"emargement-{session.course.slug}-{session.start_date or 'session'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def service_worker(request):
    """The trainer pages' service worker, served from /formateur/ so that it controls them."""
    body = render_to_string(
        "trainer/sw.js",
        {
            "version": _asset_version(),
            "assets": json.dumps([static(name) for name in OFFLINE_ASSETS]),
        },
        request=request,
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


def _asset_version():
    """Changes when the assets do (their hashed names), so tablets fetch the new ones."""
    names = "|".join(static(name) for name in OFFLINE_ASSETS)
    return hashlib.sha256(names.encode()).hexdigest()[:12]


OFFLINE_ASSETS = [
    "css/main.css",
    "js/roster.js",
    "js/signature-pad.js",
    "js/forms.js",
    "img/favicon.svg",
]
