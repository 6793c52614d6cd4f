"""The session's admin form: the session, its sittings, and a helper that repeats them.

"Every Tuesday 9:30–12:30 for 6 weeks from 05/01/2027" fills in the sittings on
save (public holidays left out: `courses.schedule.repeated_dates`); the session's
page then shows them in its sittings list, each one editable like any other.
"""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

from courses.models import Sitting
from courses.schedule import MAX_WEEKS, repeated_dates

WEEKDAYS = [
    (0, _("lundi")),
    (1, _("mardi")),
    (2, _("mercredi")),
    (3, _("jeudi")),
    (4, _("vendredi")),
    (5, _("samedi")),
]
# Typed the French way; ISO still read (a pasted date, a browser's own picker).
DATE_INPUTS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
TIME_INPUTS = ["%H:%M", "%Hh%M", "%Hh", "%H:%M:%S"]
# A plain field: typed "09:30" (the admin's time picker pops over the next fields and
# its arrow buttons have no names for screen readers).
TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric", "size": 5})
REPEAT_FIELDS = ["repeat_weekdays", "repeat_start_time", "repeat_end_time", "repeat_first_date",
                 "repeat_weeks"]  # fmt: skip


class SessionAdminForm(WagtailAdminModelForm):
    repeat_weekdays = forms.TypedMultipleChoiceField(
        label=_("Jour(s) de la semaine"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    repeat_start_time = forms.TimeField(
        label=_("Heure de début"), required=False, input_formats=TIME_INPUTS,
        widget=TIME_WIDGET, help_text=_("Par exemple 09:30."),
    )  # fmt: skip
    repeat_end_time = forms.TimeField(
        label=_("Heure de fin"), required=False, input_formats=TIME_INPUTS,
        widget=TIME_WIDGET, help_text=_("Par exemple 12:30."),
    )  # fmt: skip
    repeat_first_date = forms.DateField(
        label=_("À partir du"), required=False, input_formats=DATE_INPUTS,
        widget=AdminDateInput, help_text=_("Date au format jj/mm/aaaa, par exemple 05/01/2027."),
    )  # fmt: skip
    repeat_weeks = forms.IntegerField(
        label=_("Pendant (semaines)"), required=False, min_value=1, max_value=MAX_WEEKS,
        help_text=_("Nombre de semaines, par exemple 6."),
    )  # fmt: skip
    repeat_replace_holidays = forms.BooleanField(
        label=_("Remplacer une séance tombant un jour férié par une semaine de plus"),
        required=False,
        initial=True,
        help_text=_(
            "Les jours fériés n'ont jamais de séance ; cochée, la session garde ses heures."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.repetition = None
        # Sittings made by the repetition count towards "at least one sitting": the
        # inline list may stay empty when the repetition is filled in (checked in clean).
        if self.is_bound and any(self.data.get(self.add_prefix(name)) for name in REPEAT_FIELDS):
            sittings = self.formsets.get("sittings")
            if sittings is not None:
                sittings.validate_min = False
                for form in sittings.forms:  # the blank sitting the page starts with
                    if not form.has_changed():
                        form.empty_permitted = True

    def clean(self):
        cleaned = super().clean()
        given = [name for name in REPEAT_FIELDS if cleaned.get(name) not in (None, "", [])]
        if not given:
            return cleaned
        for name in REPEAT_FIELDS:
            if name not in given and name not in self.errors:
                self.add_error(name, _("À remplir aussi pour répéter des séances."))
        if self.errors:
            return cleaned
        start, end = cleaned["repeat_start_time"], cleaned["repeat_end_time"]
        if end <= start:
            self.add_error("repeat_end_time", _("L'heure de fin doit suivre l'heure de début."))
            return cleaned
        self.repetition = repeated_dates(
            cleaned["repeat_first_date"],
            cleaned["repeat_weekdays"],
            cleaned["repeat_weeks"],
            replace_holidays=cleaned.get("repeat_replace_holidays", False),
        )
        return cleaned

    def new_sittings(self):
        """The repetition's sittings not already in the list (same day and start time)."""
        if not self.repetition:
            return []
        start = self.cleaned_data["repeat_start_time"]
        end = self.cleaned_data["repeat_end_time"]
        listed = set()
        formset = self.formsets.get("sittings")
        for form in getattr(formset, "forms", []):
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("date") and not data.get("DELETE"):
                listed.add((data["date"], data.get("start_time")))
        return [(day, start, end) for day in self.repetition.dates if (day, start) not in listed]

    def save(self, commit=True):
        session = super().save(commit=commit)
        if commit:
            self.created_sittings = [
                Sitting.objects.create(session=session, date=day, start_time=start, end_time=end)
                for day, start, end in self.new_sittings()
            ]
        return session

    def repetition_summary(self):
        """What the repetition did, for the save message ("" when it was not used)."""
        created = getattr(self, "created_sittings", [])
        if not self.repetition:
            return ""
        parts = [
            ngettext("%(count)d séance ajoutée", "%(count)d séances ajoutées", len(created))
            % {"count": len(created)}
        ]
        if self.repetition.skipped:
            days = ", ".join(
                f"{date_format(day, 'd/m/Y')} ({name})" if name else date_format(day, "d/m/Y")
                for day, name in self.repetition.skipped
            )
            parts.append(_("jours fériés sans séance : %(days)s") % {"days": days})
        return " ; ".join(parts)
