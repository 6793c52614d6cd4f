"""Filters of the partners' list (django-filter): all optional, all kept in the URL.

The list, the ZIP of certificates and the CSV export read the same query
string through this filter set, so "what I see" is "what I download".
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.choices import Audience, EnrolmentStatus
from courses.filters import (
    DATE_WIDGET,
    CatalogueFilterForm,
    audience_q,
    has_filter_values,
    town_choices,
)
from courses.models import CoursePage, Enrolment
from partners.access import CertificateState, member_organisations

ORDERING = {
    "nom": ("learner__last_name", "learner__first_name", "pk"),
    "-nom": ("-learner__last_name", "-learner__first_name", "-pk"),
    "formation": ("session__course__title", "learner__last_name", "pk"),
    "-formation": ("-session__course__title", "learner__last_name", "pk"),
    "date": ("session__start_date", "learner__last_name", "pk"),
    "-date": ("-session__start_date", "learner__last_name", "pk"),
    "statut": ("status", "learner__last_name", "pk"),
}
ORDERING_CHOICES = [
    ("-date", _("Sessions les plus récentes d'abord")),
    ("date", _("Sessions les plus anciennes d'abord")),
    ("nom", _("Nom (A → Z)")),
    ("-nom", _("Nom (Z → A)")),
    ("formation", _("Formation (A → Z)")),
    ("-formation", _("Formation (Z → A)")),
    ("statut", _("Statut de l'inscription")),
]


class PartnerFilterForm(CatalogueFilterForm):
    """Errors tied to their fields; "du" after "au" is reported, not applied."""


class ReferredFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Nom ou prénom"),
        method="filter_name",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    structure = django_filters.ModelChoiceFilter(
        label=_("Structure"),
        field_name="referrer",
        queryset=None,  # the user's organisations, set in __init__
        empty_label=_("Toutes mes structures"),
    )
    formation = django_filters.ModelChoiceFilter(
        label=_("Formation"),
        field_name="session__course",
        queryset=None,  # courses of the visible enrolments, set in __init__
        empty_label=_("Toutes les formations"),
    )
    public = django_filters.ChoiceFilter(
        label=_("Public"),
        choices=Audience.choices,
        method="filter_audience",
        empty_label=_("Tous les publics"),
    )
    du = django_filters.DateFilter(
        label=_("Sessions à partir du"),
        field_name="session__end_date",
        lookup_expr="gte",
        widget=DATE_WIDGET,
    )
    au = django_filters.DateFilter(
        label=_("Sessions jusqu'au"),
        field_name="session__start_date",
        lookup_expr="lte",
        widget=DATE_WIDGET,
    )
    statut = django_filters.ChoiceFilter(
        label=_("Inscription"),
        field_name="status",
        choices=EnrolmentStatus.choices,
        empty_label=_("Tous les statuts"),
    )
    attestation = django_filters.ChoiceFilter(
        label=_("Attestation"),
        field_name="certificate_state",
        choices=CertificateState.choices,
        empty_label=_("Tous les cas"),
    )
    ville = django_filters.ChoiceFilter(
        label=_("Commune du lieu de formation"),
        field_name="session__venue__town",
        choices=town_choices,
        empty_label=_("Toutes les communes"),
    )
    tri = django_filters.ChoiceFilter(
        label=_("Trier par"),
        choices=ORDERING_CHOICES,
        method="filter_ordering",
        empty_label=None,
    )

    class Meta:
        model = Enrolment
        fields = []
        form = PartnerFilterForm

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        organisations = member_organisations(user).order_by("name")
        self.filters["structure"].queryset = organisations
        self.filters["formation"].queryset = (
            CoursePage.objects.filter(pk__in=queryset.values("session__course_id"))
            .only("title")
            .order_by("title")
        )
        self.several_organisations = len(organisations) > 1
        if not self.several_organisations:
            del self.filters["structure"]

    @property
    def qs(self):
        queryset = super().qs
        if not (self.form.is_valid() and self.form.cleaned_data.get("tri")):
            queryset = queryset.order_by(*ORDERING["-date"])
        return queryset

    def filter_name(self, queryset, name, value):
        for word in value.split()[:5]:
            queryset = queryset.filter(
                Q(learner__first_name__icontains=word) | Q(learner__last_name__icontains=word)
            )
        return queryset

    def filter_audience(self, queryset, name, value):
        return queryset.filter(audience_q(value, prefix="session__course__"))

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*ORDERING.get(value, ORDERING["-date"]))


def is_filtered(params):
    return has_filter_values(ReferredFilter, params, ignore={"tri"})
