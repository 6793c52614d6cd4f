"""The catalogue's filters (django-filter): every field is optional and forgiving.

An invalid value (unknown choice, impossible date) is reported next to its field
and ignored, so any query string still gives a page of results.
"""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.choices import (
    AUDIENCE_FIELDS,
    Audience,
    CourseFormat,
    Level,
    TimeOfDay,
    VenueKind,
    Weekday,
)
from courses.models import Session, Sitting, Topic, Venue
from courses.models.sessions import EVENING_STARTS, MORNING_ENDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_OF_DAY_Q = {
    TimeOfDay.MORNING: Q(start_time__lt=MORNING_ENDS),
    TimeOfDay.AFTERNOON: Q(start_time__gte=MORNING_ENDS, start_time__lt=EVENING_STARTS),
    TimeOfDay.EVENING: Q(start_time__gte=EVENING_STARTS),
}


def town_choices():
    """The towns that have a venue, for every town filter (catalogue, partners, admin)."""
    towns = Venue.objects.order_by("town").values_list("town", flat=True).distinct()
    return [(town, town) for town in towns]


def audience_q(audience, prefix="course__"):
    """Courses for `audience`; a course "for everyone" suits every audience.

    `prefix` reaches the course, e.g. "session__course__" from enrolments.
    """
    field = AUDIENCE_FIELDS[Audience(audience)]
    return Q(**{f"{prefix}{field}": True}) | Q(**{f"{prefix}for_everyone": True})


def has_filter_values(filterset_class, params, ignore=()):
    """True when the query string holds at least one non-empty value of the filterset."""
    names = set(filterset_class.base_filters) - set(ignore)
    return any(value for key in params for value in params.getlist(key) if key in names)


class CatalogueFilterForm(forms.Form):
    # Each error is tied to its control by Django itself (aria-invalid, and
    # aria-describedby pointing at "<id>_error", the id filter_field.html gives it).

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("du"), cleaned.get("au")
        if start and end and start > end:
            self.add_error("au", _("Cette date est avant la date « à partir du »."))
            cleaned.pop("au", None)
        return cleaned


def _checkbox():
    return forms.CheckboxInput()


class SessionFilter(django_filters.FilterSet):
    public = django_filters.ChoiceFilter(
        label=_("Pour qui ?"),
        choices=Audience.choices,
        method="filter_audience",
        empty_label=_("Tous les publics"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thème"),
        field_name="course__topic",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        empty_label=_("Tous les thèmes"),
    )
    ville = django_filters.ChoiceFilter(
        label=_("Commune"),
        field_name="venue__town",
        choices=town_choices,
        empty_label=_("Toutes les communes"),
    )
    lieu = django_filters.ChoiceFilter(
        label=_("Type de lieu"),
        field_name="venue__kind",
        choices=VenueKind.choices,
        empty_label=_("Tous les lieux"),
    )
    du = django_filters.DateFilter(
        label=_("À partir du"), field_name="start_date", lookup_expr="gte", widget=DATE_WIDGET
    )
    au = django_filters.DateFilter(
        label=_("Jusqu'au"), field_name="start_date", lookup_expr="lte", widget=DATE_WIDGET
    )
    moment = django_filters.MultipleChoiceFilter(
        label=_("Moment de la journée"),
        choices=TimeOfDay.choices,
        method="filter_time_of_day",
        widget=forms.CheckboxSelectMultiple,
    )
    jour = django_filters.MultipleChoiceFilter(
        label=_("Jour de la semaine"),
        choices=Weekday.choices,
        method="filter_weekday",
        widget=forms.CheckboxSelectMultiple,
    )
    niveau = django_filters.ChoiceFilter(
        label=_("Niveau"),
        field_name="course__level",
        choices=Level.choices,
        empty_label=_("Tous les niveaux"),
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"),
        field_name="course__format",
        choices=CourseFormat.choices,
        empty_label=_("Tous les formats"),
    )
    places = django_filters.BooleanFilter(
        label=_("Seulement les sessions avec des places"),
        method="filter_seats_left",
        widget=_checkbox(),
    )
    gratuit = django_filters.BooleanFilter(
        label=_("Seulement les formations gratuites"), method="filter_free", widget=_checkbox()
    )
    accessible = django_filters.BooleanFilter(
        label=_("Lieu accessible en fauteuil roulant"),
        method="filter_accessible",
        widget=_checkbox(),
    )

    class Meta:
        model = Session
        fields = []
        form = CatalogueFilterForm

    def filter_audience(self, queryset, name, value):
        return queryset.filter(audience_q(value))

    def filter_time_of_day(self, queryset, name, values):
        if not values:
            return queryset
        condition = Q()
        for value in values:
            condition |= TIME_OF_DAY_Q[TimeOfDay(value)]
        return queryset.filter(pk__in=Sitting.objects.filter(condition).values("session_id"))

    def filter_weekday(self, queryset, name, values):
        if not values:
            return queryset
        days = [int(value) for value in values]
        return queryset.filter(
            pk__in=Sitting.objects.filter(date__week_day__in=days).values("session_id")
        )

    def filter_seats_left(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Session.objects.with_seats_left().values("pk"))

    def filter_free(self, queryset, name, value):
        return queryset.filter(course__price=0) if value else queryset

    def filter_accessible(self, queryset, name, value):
        return queryset.filter(venue__reduced_mobility_access=True) if value else queryset


def is_filtered(params):
    """True when the query string holds at least one non-empty filter value."""
    return has_filter_values(SessionFilter, params)


def filter_pairs(params):
    """The (name, value) pairs of the catalogue's filters the query string sets, in order."""
    names = SessionFilter.base_filters
    return [
        (key, value) for key in params if key in names for value in params.getlist(key) if value
    ]


def active_filter_count(params):
    """How many criteria are set ("Modifier mes critères (2)")."""
    return len({key for key, _value in filter_pairs(params)})


def filter_query(params):
    """The filters alone, as a query string that follows the visitor to a course page."""
    return urlencode(filter_pairs(params))
