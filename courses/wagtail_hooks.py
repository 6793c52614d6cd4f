"""The catalogue in the Wagtail admin: sessions (with their sittings inline), venues, topics."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.widgets import HeaderButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from core.admin import FrenchExcelIndexView, FrenchIndexView, ReadOnlyPolicy
from courses.admin_forms import SessionAdminForm
from courses.admin_views import (
    FrenchDateColumn,
    LearnerMergeView,
    SessionCreateView,
    SessionDeleteView,
    SessionEnrolmentsView,
    SessionFormViewMixin,
    SessionIndexView,
)
from courses.choices import EnrolmentStatus, SessionStatus
from courses.filters import town_choices
from courses.models import (
    REFERENCE_LENGTH,
    CoursePage,
    Enrolment,
    Learner,
    Message,
    Session,
    Topic,
    Venue,
    normalise_reference,
)
from courses.todo import waiting_with_free_seat_q


class SessionAdminFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Formation"), queryset=CoursePage.objects.order_by("title")
    )
    venue = django_filters.ModelChoiceFilter(label=_("Lieu"), queryset=Venue.objects.all())
    town = django_filters.ChoiceFilter(
        label=_("Commune"), field_name="venue__town", choices=town_choices
    )
    start_date = django_filters.DateFromToRangeFilter(
        label=_("Date de début"), widget=DateRangePickerWidget
    )
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=SessionStatus.choices)

    class Meta:
        model = Session
        fields = []


class SeatsColumn(TitleColumn):
    """Seats taken, linking to the session's enrolments (where staff act on them)."""

    def __init__(self, name, **kwargs):
        super().__init__(
            name,
            get_url=lambda session: reverse(
                "wagtailsnippets_courses_session:enrolments", args=[session.pk]
            ),
            **kwargs,
        )

    def get_value(self, instance):
        return f"{instance.confirmed} / {instance.capacity}"


class SessionEditView(SessionFormViewMixin, EditView):
    def get_success_message(self):
        return self.session_message(self.object, created=False)

    def form_valid(self, form):
        # The seats are checked again under the session's lock when saving (an enrolment
        # may have arrived since the form was checked): say so on the form.
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None if not hasattr(error, "error_dict") else "capacity", error)
            return self.form_invalid(form)

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Inscriptions"),
                url=reverse("wagtailsnippets_courses_session:enrolments", args=[self.object.pk]),
                icon_name="group",
            ),
        ]


# "Every Tuesday 9:30–12:30 for 6 weeks": filled in, it adds the sittings on save
# (courses.admin_forms.SessionAdminForm), listed below it and editable there.
REPEAT_PANEL = MultiFieldPanel(
    [
        FieldPanel("repeat_weekdays"),
        FieldPanel("repeat_start_time"),
        FieldPanel("repeat_end_time"),
        FieldPanel("repeat_first_date"),
        FieldPanel("repeat_weeks"),
        FieldPanel("repeat_replace_holidays"),
    ],
    heading=_("Ajouter des séances chaque semaine"),
    help_text=_(
        "Par exemple : chaque mardi de 09:30 à 12:30 pendant 6 semaines. Les séances "
        "sont ajoutées à l'enregistrement, sans les jours fériés, puis modifiables une à une."
    ),
)


def session_panels():
    """The session's own panels, with the repetition helper just before its sittings."""
    panels = list(Session.panels)
    at = next(i for i, panel in enumerate(panels) if isinstance(panel, InlinePanel))
    return [*panels[:at], REPEAT_PANEL, *panels[at:]]


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "date"
    menu_label = _("Sessions")
    filterset_class = SessionAdminFilterSet
    list_display = [
        "course",
        "venue",
        FrenchDateColumn("start_date", label=_("Début"), sort_key="start_date"),
        FrenchDateColumn("end_date", label=_("Fin"), sort_key="end_date"),
        SeatsColumn("seats", label=_("Inscrits / places")),
        "status",
    ]
    list_export = ["course", "venue", "start_date", "end_date", "capacity", "get_status_display"]
    export_headings = {
        "course": _("Formation"),
        "venue": _("Lieu"),
        "start_date": _("Début"),
        "end_date": _("Fin"),
        "capacity": _("Places"),
        "status": _("Statut"),
        "get_status_display": _("Statut"),
    }
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    delete_view_class = SessionDeleteView
    # Wagtail's snippet form pages, with their title as the page's (screen-reader) h1.
    create_template_name = "courses/admin/session_create.html"
    edit_template_name = "courses/admin/session_edit.html"
    index_results_template_name = "courses/admin/session_index_results.html"
    edit_handler = ObjectList(session_panels(), base_form_class=SessionAdminForm)
    ordering = None  # SessionIndexView: to come first, then past ones
    search_fields = ["course__title", "venue__town", "venue__name"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "<int:pk>/inscriptions/",
                SessionEnrolmentsView.as_view(),
                name="enrolments",
            ),
        ]

    def get_queryset(self, request):
        return Session.objects.select_related("course", "venue").annotate(
            confirmed_count=Count(
                "enrolments", filter=Q(enrolments__status=EnrolmentStatus.CONFIRMED)
            )
        )


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = _("Lieux")
    index_view_class = FrenchIndexView
    list_display = ["name", "town", "kind", "reduced_mobility_access"]
    list_filter = ["kind", "town", "reduced_mobility_access"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Thèmes")
    index_view_class = FrenchIndexView
    list_display = ["name", "slug"]


register_permission_policy(Enrolment, ReadOnlyPolicy(Enrolment))


class EnrolmentAdminFilterSet(WagtailFilterSet):
    session = django_filters.ModelChoiceFilter(
        label=_("Session"),
        queryset=Session.objects.select_related("course", "venue").order_by("-start_date"),
    )
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=EnrolmentStatus.choices)
    needs_call = django_filters.BooleanFilter(label=_("À appeler"))
    free_seat = django_filters.BooleanFilter(
        label=_("En attente alors qu'une place est libre"), method="filter_free_seat"
    )

    class Meta:
        model = Enrolment
        fields = []

    def filter_free_seat(self, queryset, name, value):
        """The coordinators' desk links here (courses.todo: the same rule)."""
        if value is None:
            return queryset
        rule = waiting_with_free_seat_q()
        return queryset.filter(rule) if value else queryset.exclude(rule)


class EnrolmentIndexView(FrenchExcelIndexView):
    """Finds an enrolment however the caller reads it out: "HSB PQZ" (the reference with
    spaces) or a phone number written without its spaces ("0798765432")."""

    def search_queryset(self, queryset):
        found = super().search_queryset(queryset)
        if not self.is_searching:
            return found
        spoken = normalise_reference(self.search_query)
        extra = Q(reference=spoken) if len(spoken) == REFERENCE_LENGTH else Q()
        digits = "".join(ch for ch in self.search_query if ch.isdigit())
        if len(digits) >= 4:
            spaced = " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))
            extra |= Q(learner__phone__contains=spaced)
        return (found | queryset.filter(extra)).distinct() if extra else found


class EnrolmentViewSet(SnippetViewSet):
    """Who is enrolled where; the call list is the `À appeler` filter.

    Changes go through the enrolment service from each session's page
    (`SessionEnrolmentsView`): no create/edit/delete forms here.
    """

    model = Enrolment
    icon = "group"
    menu_label = _("Inscriptions")
    index_view_class = EnrolmentIndexView
    filterset_class = EnrolmentAdminFilterSet
    list_display = [
        "learner",
        "reference",
        "session",
        "status",
        "waitlist_position",
        "needs_call",
        "created_at",
    ]
    # "K7P2QM", read out on the phone, finds the enrolment (so do the name and phone).
    search_fields = ["reference", "learner__last_name", "learner__first_name", "learner__phone"]
    list_export = [
        "reference",
        "learner.last_name",
        "learner.first_name",
        "learner.phone",
        "learner.email",
        "learner.town",
        "session",
        "get_status_display",
        "waitlist_position",
        "needs_call",
        "referrer",
        "referrer_consent",
        "get_channel_display",
        "enrolled_by",
        "created_at",
    ]
    export_headings = {
        "learner": _("Apprenant(e)"),
        "status": _("Statut"),
        "reference": _("Référence"),
        "learner.last_name": _("Nom"),
        "learner.first_name": _("Prénom"),
        "learner.phone": _("Téléphone"),
        "learner.email": _("E-mail"),
        "learner.town": _("Commune"),
        "session": _("Session"),
        "get_status_display": _("Statut"),
        "waitlist_position": _("Rang en liste d'attente"),
        "needs_call": _("À appeler"),
        "referrer": _("Orientée par"),
        "referrer_consent": _("Accord de suivi"),
        "get_channel_display": _("Origine"),
        "enrolled_by": _("Inscrite par"),
        "created_at": _("Inscrit le"),
    }
    export_filename = "inscriptions"
    ordering = ["session", "status", "waitlist_position", "pk"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Enrolment.objects.select_related(
            "learner", "session__course", "session__venue", "referrer", "enrolled_by"
        )


class DuplicateColumn(TitleColumn):
    """ "Doublon possible: vérifier" links to the merge page."""

    cell_template_name = "wagtailadmin/tables/title_cell.html"

    def get_value(self, instance):
        return _("Doublon possible : vérifier") if instance.duplicate_of_id else ""

    def get_link_url(self, instance, parent_context):
        if not instance.duplicate_of_id:
            return None
        return reverse("wagtailsnippets_courses_learner:merge", args=[instance.pk])


class LearnerAdminFilterSet(WagtailFilterSet):
    possible_duplicate = django_filters.BooleanFilter(
        label=_("Doublon possible"), field_name="duplicate_of", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Learner
        fields = ["situation"]


# A Wagtail hook: functions (request, learner) -> [HeaderButton], shown on a learner's
# admin page by the layers above (home.privacy: export and erase the person's data).
LEARNER_BUTTONS_HOOK = "learner_admin_buttons"


class LearnerEditView(EditView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        for hook in hooks.get_hooks(LEARNER_BUTTONS_HOOK):
            buttons.extend(hook(self.request, self.object))
        if self.object.duplicate_of_id:
            buttons.append(
                HeaderButton(
                    _("Doublon possible : comparer"),
                    url=reverse("wagtailsnippets_courses_learner:merge", args=[self.object.pk]),
                    icon_name="warning",
                )
            )
        return buttons


class LearnerViewSet(SnippetViewSet):
    """Learners' contact details; the optional account gives them /mon-compte/attestations/.

    Contact details change here (or by the learner on the phone with staff), never
    through an enrolment form: see courses.services.enrolment.
    """

    model = Learner
    icon = "user"
    menu_label = _("Apprenants")
    list_display = [
        "last_name",
        "first_name",
        "phone",
        "email",
        "town",
        DuplicateColumn("duplicate", label=_("Doublon")),
    ]
    filterset_class = LearnerAdminFilterSet
    index_view_class = FrenchExcelIndexView
    export_headings = {"last_name": _("Nom"), "first_name": _("Prénom")}
    search_fields = ["last_name", "first_name", "email", "phone"]
    edit_view_class = LearnerEditView
    panels = [
        FieldPanel("first_name"),
        FieldPanel("last_name"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("town"),
        FieldPanel("postcode"),
        FieldPanel("situation"),
        FieldPanel("employer"),
        FieldPanel("employment_agency_id"),
        MultiFieldPanel(
            [
                FieldPanel("birth_year"),
                FieldPanel("gender"),
                FieldPanel("receives_minimum_income"),
                FieldPanel("priority_neighbourhood"),
                FieldPanel("coop_consent"),
            ],
            heading=_("Pour les financeurs (facultatif)"),
            help_text=_(
                "Demandez-le une fois, en expliquant : ces réponses servent seulement à "
                "compter les personnes dans les bilans des financeurs. La personne peut "
                "refuser de répondre."
            ),
        ),
        FieldPanel("user"),
    ]
    ordering = ["last_name", "first_name"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/fusionner/", LearnerMergeView.as_view(), name="merge"),
        ]


register_permission_policy(Message, ReadOnlyPolicy(Message))


class MessageAdminFilterSet(WagtailFilterSet):
    class Meta:
        model = Message
        fields = ["status", "channel", "kind"]


class MessageViewSet(SnippetViewSet):
    """The log of SMS and e-mails sent to learners: what, when, and what became of it."""

    model = Message
    icon = "mail"
    menu_label = _("SMS et e-mails")
    list_display = [
        "enrolment",
        "channel",
        "kind",
        "status",
        "attempts",
        "created_at",
        "sent_at",
        "delivered_at",
        "error",
    ]
    filterset_class = MessageAdminFilterSet
    export_headings = {"enrolment": _("Inscription")}
    search_fields = ["enrolment__reference", "recipient", "enrolment__learner__last_name"]
    index_view_class = FrenchExcelIndexView
    inspect_view_enabled = True
    ordering = ["-created_at", "-pk"]

    def get_queryset(self, request):
        return Message.objects.select_related("enrolment__learner", "enrolment__session__course")


class CatalogueGroup(SnippetViewSetGroup):
    items = (
        SessionViewSet,
        EnrolmentViewSet,
        MessageViewSet,
        LearnerViewSet,
        VenueViewSet,
        TopicViewSet,
    )
    menu_icon = "calendar-alt"
    menu_label = _("Catalogue")
    menu_name = "catalogue"
    menu_order = 8998  # where Wagtail's default put it; the attendance records follow


register_snippet(CatalogueGroup)
