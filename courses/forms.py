import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from courses.choices import Situation
from courses.services.enrolment import Person

PHONE_CHARS = re.compile(r"[\s.\-/()]")


def normalise_french_phone(value):
    """'06.12.34.56.78', '+33 6 12 34 56 78', '0033612345678' -> '06 12 34 56 78'."""
    digits = PHONE_CHARS.sub("", value or "")
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    elif digits.startswith("0033"):
        digits = "0" + digits[4:]
    if not re.fullmatch(r"0[1-9]\d{8}", digits):
        raise ValidationError(
            _("Ce numéro n'est pas un numéro français à 10 chiffres, par exemple 06 12 34 56 78."),
            code="invalid_phone",
        )
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


class EnrolmentForm(forms.Form):
    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"), max_length=80, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=30,
        required=False,
        help_text=_(
            "Un téléphone ou un e-mail : au moins l'un des deux, pour vous prévenir "
            "en cas de changement."
        ),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        help_text=_("Si vous en avez une : vous recevrez la confirmation et un rappel."),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    town = forms.CharField(
        label=_("Commune ou code postal"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    situation = forms.ChoiceField(
        label=_("Votre situation"),
        choices=Situation.choices,
        widget=forms.RadioSelect,
        initial=Situation.OTHER,
    )
    employment_agency_id = forms.CharField(
        label=_("Identifiant France Travail"),
        help_text=_("Si vous êtes inscrit(e) à France Travail."),
        max_length=20,
        required=False,
    )
    # A field people never see: robots fill it in.
    website = forms.CharField(
        required=False,
        label=_("Ne pas remplir"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return normalise_french_phone(value) if value else ""

    def clean_first_name(self):
        return self._clean_name("first_name")

    def clean_last_name(self):
        return self._clean_name("last_name")

    def _clean_name(self, field):
        value = " ".join(self.cleaned_data[field].split())
        if not value or any(ord(ch) < 32 for ch in value):
            raise ValidationError(_("Écrivez votre nom avec des lettres."), code="invalid_name")
        return value

    def clean(self):
        cleaned = super().clean()
        if (
            not self.errors.get("phone")
            and not self.errors.get("email")
            and not (cleaned.get("phone") or cleaned.get("email"))
        ):
            raise ValidationError(
                _(
                    "Donnez un numéro de téléphone ou une adresse e-mail, pour que nous puissions "
                    "vous joindre."
                ),
                code="no_contact",
            )
        return cleaned

    @property
    def is_spam(self):
        return bool(self.data.get("website"))

    def person(self):
        data = self.cleaned_data
        town = data["town"].strip()
        postcode = town if re.fullmatch(r"\d{5}", town) else ""
        return Person(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            town="" if postcode else town,
            postcode=postcode,
            situation=data["situation"],
            employment_agency_id=data["employment_agency_id"],
        )
