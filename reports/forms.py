"""The period and filters of a report, as the coordinator chooses them."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from courses.choices import Audience
from courses.models import PartnerOrganisation, Topic, Venue
from reports.periods import MAX_DAYS, Filters, Period

FIRST_YEAR, LAST_YEAR = 2000, 2100


class ReportForm(forms.Form):
    start = forms.DateField(
        label=_("Du"),
        widget=AdminDateInput,
        help_text=_("jj/mm/aaaa, par exemple 01/01/2026."),
        error_messages={
            "required": _("Indiquez le premier jour de la période."),
            "invalid": _("Cette date du début n'existe pas ou n'est pas écrite comme 01/01/2026."),
        },
    )
    end = forms.DateField(
        label=_("Au"),
        widget=AdminDateInput,
        help_text=_("jj/mm/aaaa, par exemple 31/12/2026."),
        error_messages={
            "required": _("Indiquez le dernier jour de la période."),
            "invalid": _("Cette date de fin n'existe pas ou n'est pas écrite comme 31/12/2026."),
        },
    )
    audience = forms.ChoiceField(
        label=_("Public"), required=False, choices=[("", _("Tous les publics")), *Audience.choices]
    )
    topic = forms.ModelChoiceField(
        label=_("Thème"), required=False, queryset=Topic.objects.order_by("name"),
        empty_label=_("Tous les thèmes"),
    )  # fmt: skip
    town = forms.ChoiceField(label=_("Commune"), required=False)
    venue = forms.ModelChoiceField(
        label=_("Lieu"), required=False, queryset=Venue.objects.order_by("town", "name"),
        empty_label=_("Tous les lieux"),
    )  # fmt: skip
    partner = forms.ModelChoiceField(
        label=_("Structure qui oriente"), required=False,
        queryset=PartnerOrganisation.objects.order_by("name"),
        empty_label=_("Toutes les structures"),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        towns = Venue.objects.order_by("town").values_list("town", flat=True).distinct()
        self.fields["town"].choices = [("", _("Toutes les communes")), *((t, t) for t in towns)]
        for name in ("topic", "venue", "partner"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Ce choix n'existe plus : choisissez dans la liste."
            )
        for name in ("audience", "town"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Ce choix n'existe pas : choisissez dans la liste."
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        for name, day in (("start", start), ("end", end)):
            if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
                self.add_error(
                    name,
                    _("Choisissez une date entre %(first)d et %(last)d.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR},
                )
                start = end = None
        if start and end:
            if end < start:
                self.add_error("end", _("La fin de la période doit venir après son début."))
            elif (end - start).days > MAX_DAYS:
                self.add_error(
                    "end",
                    _("Choisissez une période de trois ans au plus : un rapport par année."),
                )
        return data

    def period(self):
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])

    def filters(self):
        data = self.cleaned_data
        return Filters(
            audience=data.get("audience") or None,
            topic=data["topic"].pk if data.get("topic") else None,
            town=data.get("town") or None,
            venue=data["venue"].pk if data.get("venue") else None,
            partner=data["partner"].pk if data.get("partner") else None,
        )

    def described(self):
        """The period and the filters in use, in words (for the files' notes)."""
        data = self.cleaned_data
        words = [_("Période : %(period)s") % {"period": self.period()}]
        for name in ("audience", "topic", "town", "venue", "partner"):
            value = data.get(name)
            if value:
                label = dict(self.fields[name].choices).get(value, value) if name in (
                    "audience", "town"
                ) else value  # fmt: skip
                words.append(f"{self.fields[name].label} : {label}")
        return words
