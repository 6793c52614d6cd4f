"""The partners' area (/partenaires/): referred learners, their attendance, their certificates.

Every view starts from `partners.access.visible_enrolments(user)`.
Anonymous visitors are sent to the login page; a signed-in user who may not
see an object gets the same 404 as for an object that does not exist.
"""

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import user_has_device

from certificates.models import Certificate
from certificates.views import KINDS, certificate_response
from core.audit import record
from courses.models import Membership
from partners import exports
from partners.access import (
    CertificateState,
    is_partner_member,
    member_organisations,
    rows_for,
    visible_certificates,
    visible_enrolments,
)
from partners.digests import membership_from_token
from partners.filters import ReferredFilter, is_filtered

PER_PAGE = 25


def partner_area(view):
    """Members of a partner organisation only: login for visitors, 404 for anyone else."""

    @functools.wraps(view)
    @never_cache
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_partner_member(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _filtered(request):
    visible = visible_enrolments(request.user)
    return ReferredFilter(request.GET or None, queryset=visible, user=request.user)


def _last_month():
    first_this_month = timezone.localdate().replace(day=1)
    last = first_this_month - timezone.timedelta(days=1)
    return last.replace(day=1), last


@require_safe
@partner_area
def referred_list(request):
    filterset = _filtered(request)
    # Sort and count primary keys only, then load the page's 25 rows with what they show:
    # sorting 2,000 rows with their course pages' wide columns would cost far more.
    page = Paginator(filterset.qs.values_list("pk", flat=True), PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = rows_for(page.object_list)
    start, end = _last_month()
    memberships = Membership.objects.current().filter(
        user=request.user, organisation__in=member_organisations(request.user)
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "partners/list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page_obj": page,
            "is_filtered": is_filtered(request.GET),
            "organisations": member_organisations(request.user).order_by("name"),
            "digest_on": any(m.weekly_digest for m in memberships),
            "two_factor_on": user_has_device(request.user, confirmed=True),
            "query": query.urlencode(),
            "last_month_query": f"du={start:%Y-%m-%d}&au={end:%Y-%m-%d}"
            f"&attestation={CertificateState.ISSUED.value}",
            "last_month": start,
        },
    )


@require_safe
@partner_area
def learner_detail(request, pk):
    enrolments = rows_for(
        visible_enrolments(request.user)
        .filter(learner_id=pk)
        .order_by("-session__start_date", "pk")
        .values_list("pk", flat=True)
    )
    if not enrolments:
        raise Http404
    return render(
        request,
        "partners/learner.html",
        {"learner": enrolments[0].learner, "enrolments": enrolments},
    )


@require_safe
@partner_area
def certificate_download(request, pk, kind):
    certificate = visible_certificates(request.user).filter(pk=pk).first()
    if certificate is None or kind not in KINDS:
        raise Http404
    return certificate_response(certificate, KINDS[kind])


@require_safe
@partner_area
def certificates_zip(request):
    filterset = _filtered(request)
    certificates = Certificate.objects.valid().filter(
        enrolment__in=filterset.qs.order_by().values("pk")
    )
    if not certificates.exists():
        messages.warning(
            request,
            _(
                "Aucune attestation délivrée parmi les personnes affichées : il n'y a rien "
                "à télécharger. Changez les filtres, ou choisissez « Attestation : Délivrée »."
            ),
        )
        return redirect(_list_url(request))
    _audit_export(request, "zip")
    response = StreamingHttpResponse(
        exports.stream_zip(certificates), content_type="application/zip"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.export_filename("attestations-numixs", "zip")}"'
    )
    response["Cache-Control"] = "private, no-cache"
    return response


@require_safe
@partner_area
def export_csv(request):
    filterset = _filtered(request)
    _audit_export(request, "csv")
    response = StreamingHttpResponse(
        exports.stream_csv(filterset.qs), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.export_filename("personnes-orientees-numixs", "csv")}"'
    )
    response["Cache-Control"] = "private, no-cache"
    return response


def _audit_export(request, what):
    query = request.GET.urlencode()
    record(request.user, "numixs.export", user=request.user, what=what, query=query)


def _list_url(request):
    query = request.GET.urlencode()
    return reverse("partners:list") + (f"?{query}" if query else "")


@require_POST
@partner_area
def digest_preference(request):
    """Turn the weekly digest on or off for all the user's current memberships."""
    wanted = request.POST.get("digest") == "on"
    Membership.objects.current().filter(user=request.user).update(weekly_digest=wanted)
    messages.success(
        request,
        _("Vous recevrez le récapitulatif chaque semaine.")
        if wanted
        else _("Vous ne recevrez plus le récapitulatif hebdomadaire."),
    )
    return redirect("partners:list")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """The digest's one-click opt-out (no login): asks, then stops the e-mails."""
    try:
        pk = membership_from_token(token)
    except signing.BadSignature:
        raise Http404 from None
    membership = Membership.objects.filter(pk=pk).select_related("organisation").first()
    if membership is None:
        raise Http404
    done = False
    if request.method == "POST":
        membership.weekly_digest = False
        membership.save(update_fields=["weekly_digest"])
        done = True
    return render(
        request,
        "partners/unsubscribe.html",
        {"membership": membership, "done": done or not membership.weekly_digest},
    )
