"""French company identifiers: SIRET and the training provider's declaration number (NDA).

Both are typed by people who copy them from a Kbis or a prefecture's letter,
often with spaces: spaces are accepted and removed; anything else is refused
with a message that says what is wrong.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# La Poste's establishments do not follow the Luhn key: the sum of their SIRET's
# digits is a multiple of 5 (INSEE's rule for SIREN 356 000 000).
LA_POSTE_SIREN = "356000000"


def digits_only(value):
    """The value without spaces (and non-breaking spaces), as stored."""
    return "".join((value or "").split()).replace("\u202f", "")


def luhn_valid(digits):
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def _require_digits(digits, length, too_short_or_long):
    if not (digits.isascii() and digits.isdigit()):
        raise ValidationError(
            _("Saisissez uniquement des chiffres (les espaces sont acceptés)."),
            code="not_digits",
        )
    if len(digits) != length:
        raise ValidationError(too_short_or_long, code="length", params={"count": len(digits)})


def validate_siret(value):
    """14 digits whose Luhn key is right (La Poste: digit sum a multiple of 5)."""
    digits = digits_only(value)
    _require_digits(digits, 14, _("Un SIRET compte 14 chiffres (vous en avez saisi %(count)s)."))
    if digits.startswith(LA_POSTE_SIREN):
        valid = sum(int(char) for char in digits) % 5 == 0
    else:
        valid = luhn_valid(digits[:9]) and luhn_valid(digits)
    if not valid:
        raise ValidationError(
            _(
                "Ce SIRET n'existe pas : sa clé de contrôle ne correspond pas. Un chiffre a "
                "sans doute été mal recopié ; vérifiez-le sur l'extrait Kbis ou l'avis de "
                "situation Sirene."
            ),
            code="checksum",
        )


def validate_nda(value):
    """The activity declaration number given by the prefecture: 11 digits."""
    digits = digits_only(value)
    _require_digits(
        digits,
        11,
        _("Un numéro de déclaration d'activité compte 11 chiffres (vous en avez saisi %(count)s)."),
    )


def format_siret(digits):
    """123 456 782 00002: the SIREN in threes, then the establishment's NIC."""
    if len(digits) != 14:
        return digits
    return f"{digits[0:3]} {digits[3:6]} {digits[6:9]} {digits[9:]}"


def format_nda(digits):
    """11 95 01234 95, as prefectures write it."""
    if len(digits) != 11:
        return digits
    return f"{digits[0:2]} {digits[2:4]} {digits[4:9]} {digits[9:]}"
