"""The trainer's forms: adding someone who came without enrolling."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from courses.forms import PersonFieldsMixin
from courses.services.enrolment import Person


class WalkInForm(PersonFieldsMixin, forms.Form):
    """Someone came without enrolling: the least the trainer needs to add them."""

    first_name = forms.CharField(label=_("Prénom"), max_length=80)
    last_name = forms.CharField(label=_("Nom"), max_length=80)
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=30,
        required=False,
        help_text=_("Un téléphone ou un e-mail, au moins l'un des deux."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(label=_("Adresse e-mail"), required=False, max_length=254)
    over_capacity = forms.BooleanField(
        label=_("Accepter en surnombre si la session est complète"),
        required=False,
        help_text=_("L'inscription sera enregistrée comme « en surnombre »."),
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("phone") or cleaned.get("email")):
            raise ValidationError(
                _("Donnez un numéro de téléphone ou une adresse e-mail."), code="no_contact"
            )
        return cleaned

    def person(self):
        data = self.cleaned_data
        return Person(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
        )
