import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from courses.choices import Audience, Situation
from courses.models import PartnerOrganisation, normalise_referral_code
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


class PersonFieldsMixin:
    """How a person's name and phone are read, in every form that takes them."""

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


# The person's situation, pre-set from the audience they chose in the catalogue
# (a home tile): someone who came from "Je cherche un emploi" says so once.
SITUATION_FOR_AUDIENCE = {
    Audience.JOBSEEKERS: Situation.JOBSEEKER,
    Audience.ARTISANS: Situation.ARTISAN,
    Audience.SHOPKEEPERS: Situation.SHOPKEEPER,
}


def situation_for_audience(audience):
    return SITUATION_FOR_AUDIENCE.get(audience)


class EnrolmentForm(PersonFieldsMixin, forms.Form):
    # Phone and e-mail are one group on the page ("un des deux suffit"): see
    # CONTACT_FIELDS and pages/enrol.html.
    CONTACT_FIELDS = ("phone", "email")

    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=80,
        error_messages={"required": _("Indiquez votre prénom.")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom de famille"),
        max_length=80,
        error_messages={"required": _("Indiquez votre nom de famille.")},
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=30,
        required=False,
        help_text=_(
            "Avec un portable (06 ou 07), vous recevrez un SMS de confirmation, puis un "
            "rappel la veille. Avec un fixe, nous vous appellerons."
        ),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        help_text=_("Si vous en avez une."),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _(
                "Écrivez l'adresse e-mail en entier, avec un @, par exemple prenom.nom@exemple.fr."
            )
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    town = forms.CharField(
        label=_("Commune ou code postal"),
        max_length=80,
        error_messages={"required": _("Indiquez votre commune ou votre code postal.")},
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    situation = forms.ChoiceField(
        label=_("Votre situation"),
        choices=Situation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez votre situation.")},
    )
    employment_agency_id = forms.CharField(
        label=_("Identifiant France Travail"),
        help_text=_("Si vous êtes inscrit(e) à France Travail."),
        max_length=20,
        required=False,
    )
    referrer = forms.ModelChoiceField(
        label=_("Structure qui vous oriente"),
        help_text=_(
            "France Travail, mission locale, chambre de métiers… Si personne ne vous "
            "a orienté(e), laissez « Aucune »."
        ),
        queryset=PartnerOrganisation.objects.none(),
        required=False,
        empty_label=_("Aucune"),
    )
    referral_code = forms.CharField(
        label=_("Ou son code d'orientation"),
        help_text=_("Si votre conseiller vous a donné un code, par exemple K7P2QM."),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    referrer_consent = forms.BooleanField(
        label=_(
            "J'accepte que cette structure suive ma présence à la formation et reçoive "
            "mon attestation."
        ),
        help_text=_("Vous pouvez changer d'avis à tout moment en nous appelant."),
        required=False,
    )
    # A field people never see: robots fill it in.
    website = forms.CharField(
        required=False,
        label=_("Ne pas remplir"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        own = PartnerOrganisation.objects.of_member(user)
        self.own_organisations = list(own)
        field = self.fields["referrer"]
        if self.own_organisations:
            # A partner's advisor enrols for their own organisation.
            field.queryset = own
            field.label = _("Votre structure")
            field.help_text = ""
            # With one organisation there is nothing to choose: it is the default.
            field.required = len(self.own_organisations) > 1
            field.empty_label = None if len(self.own_organisations) == 1 else _("Choisissez")
            del self.fields["referral_code"]
        else:
            field.queryset = PartnerOrganisation.objects.active()

    def clean_referral_code(self):
        code = normalise_referral_code(self.cleaned_data["referral_code"])
        if not code:
            return None
        organisation = PartnerOrganisation.objects.active().filter(referral_code=code).first()
        if organisation is None:
            raise ValidationError(
                _(
                    "Ce code ne correspond à aucune structure. Vérifiez-le avec votre "
                    "conseiller, ou choisissez la structure dans la liste."
                ),
                code="unknown_referral_code",
            )
        return organisation

    def clean(self):
        cleaned = super().clean()
        if (
            not self.errors.get("phone")
            and not self.errors.get("email")
            and not (cleaned.get("phone") or cleaned.get("email"))
        ):
            # On the phone field: the error summary links to it, the group shows it.
            self.add_error(
                "phone",
                ValidationError(
                    _(
                        "Indiquez un numéro de téléphone ou une adresse e-mail, pour que "
                        "nous puissions vous joindre."
                    ),
                    code="no_contact",
                ),
            )
        if len(self.own_organisations) == 1 and not cleaned.get("referrer"):
            cleaned["referrer"] = self.own_organisations[0]
        by_code = cleaned.get("referral_code")
        chosen = cleaned.get("referrer")
        if by_code and chosen and by_code != chosen:
            self.add_error(
                "referral_code",
                ValidationError(
                    _(
                        "Ce code est celui d'une autre structure que celle choisie dans la "
                        "liste : gardez l'un ou l'autre."
                    ),
                    code="referrer_mismatch",
                ),
            )
        elif by_code:
            cleaned["referrer"] = by_code
        if (
            cleaned.get("referrer_consent")
            and not cleaned.get("referrer")
            and not self.errors.get("referrer")
            and not self.errors.get("referral_code")
        ):
            self.add_error(
                "referrer_consent",
                ValidationError(
                    _(
                        "Vous avez coché l'accord de suivi : choisissez la structure qui vous "
                        "oriente, ou décochez la case."
                    ),
                    code="consent_without_referrer",
                ),
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
