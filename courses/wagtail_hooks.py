"""The catalogue in the Wagtail admin: sessions (with their sittings inline), venues, topics."""

import django_filters
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.choices import EnrolmentStatus, SessionStatus
from courses.filters import town_choices
from courses.models import CoursePage, Session, Topic, Venue


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


class SeatsColumn(Column):
    def get_value(self, instance):
        return f"{instance.confirmed} / {instance.capacity}"


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "date"
    menu_label = _("Sessions")
    filterset_class = SessionAdminFilterSet
    list_display = [
        "course",
        "venue",
        "start_date",
        "end_date",
        SeatsColumn("seats", label=_("Inscrits / places")),
        "status",
    ]
    list_export = ["course", "venue", "start_date", "end_date", "capacity", "status"]
    ordering = ["-start_date"]
    search_fields = None

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
    list_display = ["name", "town", "kind", "reduced_mobility_access"]
    list_filter = ["kind", "town", "reduced_mobility_access"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Thèmes")
    list_display = ["name", "slug"]


class CatalogueGroup(SnippetViewSetGroup):
    items = (SessionViewSet, VenueViewSet, TopicViewSet)
    menu_icon = "calendar-alt"
    menu_label = _("Catalogue")
    menu_name = "catalogue"


register_snippet(CatalogueGroup)
