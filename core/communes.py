"""Communes of the area and their INSEE codes, from the postcode and the town's name.

Funders (La Coop de la médiation numérique, the Département) identify a place by
its INSEE commune code, not its postcode: one postcode can serve several
communes (95380: Louvres, Puiseux-en-France…) and one commune several postcodes.
`data/communes.csv` lists the current communes of Val-d'Oise (95),
Seine-et-Marne (77), Seine-Saint-Denis (93) and Oise (60) with their postcodes:
Etalab's `@etalab/decoupage-administratif` 6.0.0 (2026 list, MIT licence;
postcodes from La Poste's base officielle). Elsewhere the code stays empty: a
person from further away is still welcome, only not placed on the funders' map.
"""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import normalise

DATA = Path(__file__).parent / "data" / "communes.csv"


@dataclass(frozen=True)
class Commune:
    insee_code: str
    postcode: str
    name: str


def _key(name):
    """'Saint-Brice-sous-Forêt', 'st brice sous foret' -> 'saintbricesousforet'."""
    text = normalise(name).replace("-", " ").replace("'", " ")
    words = ["saint" if w == "st" else "sainte" if w == "ste" else w for w in text.split()]
    return "".join(words)


@lru_cache(maxsize=1)
def _tables():
    by_postcode, by_name = {}, {}
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            commune = Commune(row["code_insee"], row["code_postal"], row["nom"])
            by_postcode.setdefault(commune.postcode, []).append(commune)
            by_name.setdefault(_key(commune.name), []).append(commune)
    return by_postcode, by_name


def find(postcode="", town=""):
    """The one commune that a postcode and/or a town name designate, or None.

    A postcode shared by several communes needs the name to choose; a name shared by
    several communes (rare here) needs the postcode.
    """
    by_postcode, by_name = _tables()
    postcode, key = (postcode or "").strip(), _key(town or "")
    candidates = by_postcode.get(postcode, []) if postcode else by_name.get(key, [])
    if postcode and key:
        named = [c for c in candidates if _key(c.name) == key]
        candidates = named or (candidates if len({c.insee_code for c in candidates}) == 1 else [])
    if len({c.insee_code for c in candidates}) == 1:
        return candidates[0]
    return None


def insee_code(postcode="", town=""):
    """The INSEE code of the commune a person or a place gave, or '' when unsure."""
    commune = find(postcode, town)
    return commune.insee_code if commune else ""


class WithInseeCode(models.Model):
    """A model with `postcode` and `town` (a learner, a venue): its `insee_code` follows
    them on every save."""

    insee_code = models.CharField(
        _("code INSEE de la commune"),
        max_length=5,
        blank=True,
        editable=False,
        help_text=_("Trouvé d'après le code postal et la commune."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.insee_code = insee_code(self.postcode, self.town)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "insee_code"}
        super().save(*args, **kwargs)
