"""Staff's page for one session: who has a seat, who is waiting, and what to do about it.

Every action calls the enrolment service, like the learner's link and the
public form do: the rules stay in one place.
"""

from django.contrib import messages
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import CreateView, DeleteView

from core.admin import FrenchExcelIndexView
from core.audit import record
from courses.choices import EnrolmentStatus
from courses.models import Enrolment, Learner, Session
from courses.services import enrolment as service
from courses.services import learners
from courses.services.errors import EnrolmentError

# A Wagtail hook: functions (request, session, enrolments) -> {"session": [html],
# "enrolments": {enrolment id: [html]}}, fragments shown on this page.
SESSION_PAGE_HOOK = "session_enrolments_context"


def _cancel(enrolment, user):
    service.cancel(enrolment.pk, actor=user)
    return _("L'inscription de %(name)s est annulée.")


def _to_waitlist(enrolment, user):
    service.move_to_waitlist(enrolment.pk)
    return _("%(name)s est en fin de liste d'attente ; sa place est allée à la personne suivante.")


def _confirm(enrolment, user):
    service.confirm_waitlisted(enrolment.pk)
    return _("%(name)s a maintenant une place confirmée.")


def _to_top(enrolment, user):
    service.move_to_top(enrolment.pk)
    return _("%(name)s est en tête de la liste d'attente.")


def _called(enrolment, user):
    service.mark_called(enrolment.pk)
    return _("%(name)s est retiré(e) de la liste des personnes à appeler.")


def _withdraw_consent(enrolment, user):
    service.withdraw_referrer_consent(enrolment.pk, actor=user)
    return _(
        "Retrait de l'accord enregistré : %(name)s n'est plus suivi(e) par la structure "
        "qui l'a orienté(e)."
    )


def _give_consent(enrolment, user):
    service.give_referrer_consent(enrolment.pk, actor=user)
    return _(
        "Accord enregistré : %(name)s accepte d'être suivi(e) par la structure qui l'a orienté(e)."
    )


ACTIONS = {
    "cancel": _cancel,
    "to_waitlist": _to_waitlist,
    "confirm": _confirm,
    "to_top": _to_top,
    "called": _called,
    "withdraw_consent": _withdraw_consent,
    "give_consent": _give_consent,
}
# Each action's entry in the audit trail (core.audit).
AUDITED = {
    "cancel": "numixs.enrolment.cancel",
    "to_waitlist": "numixs.enrolment.waitlist",
    "confirm": "numixs.enrolment.confirm",
    "to_top": "numixs.enrolment.top",
    "called": "numixs.enrolment.called",
}  # consent is written to the trail by its services, whoever records it
# Actions that ask "are you sure?" first (they cannot be undone from here).
CONFIRM_FIRST = {"cancel", "withdraw_consent", "give_consent"}


class SessionEnrolmentsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/admin/session_enrolments.html"
    header_icon = "group"
    page_title = gettext_lazy("Inscriptions")

    def dispatch(self, request, pk):
        if not request.user.has_perm("courses.view_enrolment"):
            return permission_denied(request)
        self.session = get_object_or_404(
            Session.objects.select_related("course", "venue").prefetch_related("sittings"),
            pk=pk,
        )
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.session)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailsnippets_courses_session:list"),
                "label": _("Sessions"),
            },
            {
                "url": reverse("wagtailsnippets_courses_session:edit", args=[self.session.pk]),
                "label": str(self.session),
            },
            {"url": "", "label": _("Inscriptions")},
        ]

    def url(self):
        return reverse("wagtailsnippets_courses_session:enrolments", args=[self.session.pk])

    def post(self, request, pk):
        if not request.user.has_perm("courses.change_enrolment"):
            return permission_denied(request)
        action = ACTIONS.get(request.POST.get("action", ""))
        enrolment_id = request.POST.get("enrolment", "")
        if action is None or not enrolment_id.isdigit():
            messages.error(request, _("Action inconnue : rien n'a été modifié."))
            return redirect(self.url())
        enrolment = get_object_or_404(
            Enrolment.objects.select_related("learner"), pk=enrolment_id, session=self.session
        )
        name = request.POST.get("action")
        if name in CONFIRM_FIRST and request.POST.get("confirmed") != "1":
            return self.get(request, pk, confirm=(name, enrolment))
        try:
            message = action(enrolment, request.user)
        except EnrolmentError as error:
            messages.error(request, error.message)
        else:
            if name in AUDITED:
                record(enrolment, AUDITED[name], user=request.user, learner=enrolment.learner_id)
            messages.success(request, message % {"name": enrolment.learner})
        return redirect(self.url())

    def get(self, request, pk, confirm=None):
        action, enrolment = confirm or (None, None)
        return self.render_to_response(
            self.get_context_data(confirm_action=action, confirm_enrolment=enrolment)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enrolments = (
            self.session.enrolments.select_related("learner", "referrer", "enrolled_by")
            .annotate(
                rank=Case(
                    When(status=EnrolmentStatus.CONFIRMED, then=Value(0)),
                    When(status=EnrolmentStatus.WAITLISTED, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
            .order_by("rank", "waitlist_position", "learner__last_name", "pk")
        )
        enrolments = list(enrolments)
        by_status = {status: [] for status in EnrolmentStatus.values}
        for enrolment in enrolments:
            by_status[enrolment.status].append(enrolment)
        context.update(
            session=self.session,
            confirmed=by_status[EnrolmentStatus.CONFIRMED],
            waiting=by_status[EnrolmentStatus.WAITLISTED],
            cancelled=by_status[EnrolmentStatus.CANCELLED],
            can_change=self.request.user.has_perm("courses.change_enrolment"),
            action_url=self.url(),
            export_url=reverse("wagtailsnippets_courses_enrolment:list")
            + f"?session={self.session.pk}&export=csv",
            enrol_url=reverse("courses:enrol", args=[self.session.public_id]),
            edit_url=reverse("wagtailsnippets_courses_session:edit", args=[self.session.pk]),
        )
        # What the layers above add to this page (certificates: issuing and each one's
        # certificate), as HTML fragments: this app knows nothing of them.
        session_parts, rows = [], {}
        for hook in hooks.get_hooks(SESSION_PAGE_HOOK):
            parts = hook(self.request, self.session, enrolments)
            session_parts += parts.get("session", [])
            for enrolment_id, fragments in parts.get("enrolments", {}).items():
                rows.setdefault(enrolment_id, []).extend(fragments)
        for enrolment in enrolments:
            enrolment.extra_html = rows.get(enrolment.pk, [])
        context["session_parts"] = session_parts
        return context


class LearnerMergeView(WagtailAdminTemplateMixin, TemplateView):
    """Staff compare a learner flagged as a possible duplicate with the older record,
    choose field by field what to keep, and merge them (or say they are two people)."""

    template_name = "courses/admin/learner_merge.html"
    header_icon = "user"
    page_title = gettext_lazy("Doublon possible")

    def dispatch(self, request, pk):
        if not request.user.has_perm("courses.change_learner"):
            return permission_denied(request)
        self.duplicate = get_object_or_404(Learner.objects.select_related("duplicate_of"), pk=pk)
        self.keep = self.duplicate.duplicate_of
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.duplicate)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailsnippets_courses_learner:list"), "label": _("Apprenants")},
            {"url": "", "label": _("Doublon possible")},
        ]

    def list_url(self):
        return reverse("wagtailsnippets_courses_learner:list")

    def post(self, request, pk):
        if self.keep is None:
            messages.info(request, _("Cette fiche n'est plus signalée comme doublon."))
            return redirect(self.list_url())
        if request.POST.get("action") == "distinct":
            learners.not_a_duplicate(self.duplicate.pk, actor=request.user)
            messages.success(
                request,
                _("C'est noté : %(name)s est une autre personne.") % {"name": self.duplicate},
            )
            return redirect(self.list_url())
        if request.POST.get("action") != "merge":
            messages.error(request, _("Action inconnue : rien n'a été modifié."))
            return redirect(request.path)
        take = [
            name
            for name in learners.MERGED_FIELDS
            if request.POST.get(f"field-{name}") == "duplicate"
        ]
        try:
            kept = learners.merge(self.keep.pk, self.duplicate.pk, take=take, actor=request.user)
        except EnrolmentError as error:
            messages.error(request, error.message)
            return redirect(request.path)
        message = _("Fiches fusionnées : toutes les inscriptions sont sur la fiche de %(name)s.")
        messages.success(request, message % {"name": kept})
        return redirect(reverse("wagtailsnippets_courses_learner:edit", args=[kept.pk]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        keep, duplicate = self.keep, self.duplicate
        context.update(
            duplicate=duplicate,
            keep=keep,
            rows=learners.differences(keep, duplicate) if keep else [],
            enrolments={
                "keep": keep.enrolments.select_related("session__course") if keep else [],
                "duplicate": duplicate.enrolments.select_related("session__course"),
            },
            list_url=self.list_url(),
        )
        return context


# --- The sessions' list and form ---------------------------------------------------------

# Where staff were in the sessions' list (search, filters, page), to go back there.
SESSION_LIST_QUERY = "courses_session_list_query"


def session_list_url(request):
    """The sessions' list as staff left it (its search and filters kept)."""
    url = reverse("wagtailsnippets_courses_session:list")
    query = request.session.get(SESSION_LIST_QUERY, "")
    return f"{url}?{query}" if query else url


class FrenchDateColumn(Column):
    """A date as French staff write it: 11/01/2027."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return date_format(value, "d/m/Y") if value else ""


class SessionIndexView(FrenchExcelIndexView):
    """Sessions to come first (soonest first), then past ones (latest first); a search
    over course, town and venue whose words may come in any order; where staff were is
    remembered for when they come back from a session's page."""

    def get(self, request, *args, **kwargs):
        if not self.is_export:
            query = request.GET.copy()
            query.pop("export", None)
            request.session[SESSION_LIST_QUERY] = query.urlencode()
        return super().get(request, *args, **kwargs)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        for word in self.search_query.split():
            match = Q()
            for field in self.search_fields or []:
                match |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(match)
        return queryset

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered:  # a column heading was clicked
            return super().order_queryset(queryset)
        today = timezone.localdate()
        # A session without sittings yet is being prepared: with those to come.
        past = Case(When(end_date__lt=today, then=Value(1)), default=Value(0))
        return queryset.annotate(is_past=past).order_by(
            "is_past",
            Case(When(is_past=0, then=F("start_date"))).asc(nulls_first=True),
            F("start_date").desc(),
            "pk",
        )


class SessionFormViewMixin:
    """The session's form views: back to the list as staff left it, and a save message
    that gives the session's dates (its sittings are saved after the session itself)."""

    def get_success_url(self):
        return session_list_url(self.request)

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        index = reverse("wagtailsnippets_courses_session:list")
        for item in items:
            if item.get("url") == index:
                item["url"] = session_list_url(self.request)
        return items

    def session_message(self, session, created):
        session.refresh_date_range()
        count = session.sittings.count()
        values = {"session": f"{session.course.title} — {session.venue.town}", "count": count}
        if session.start_date is None:
            text = _("Session « %(session)s » enregistrée, sans séance pour l'instant.")
        else:
            values.update(
                start=date_format(session.start_date, "d/m/Y"),
                end=date_format(session.end_date, "d/m/Y"),
            )
            if created:
                text = ngettext(
                    "Session « %(session)s » créée : %(count)d séance, le %(start)s.",
                    "Session « %(session)s » créée : %(count)d séances, du %(start)s au %(end)s.",
                    count,
                )
            else:
                text = ngettext(
                    "Session « %(session)s » enregistrée : %(count)d séance, le %(start)s.",
                    "Session « %(session)s » enregistrée : %(count)d séances, du %(start)s "
                    "au %(end)s.",
                    count,
                )
        message = text % values
        summary = getattr(self.form, "repetition_summary", lambda: "")()
        return f"{message} ({summary}.)" if summary else message


class SessionCreateView(SessionFormViewMixin, CreateView):
    def get_success_message(self, instance=None):
        return self.session_message(instance or self.object, created=True)


class SessionDeleteView(DeleteView):
    def get_success_url(self):
        return session_list_url(self.request)
