"""Search data: synonyms that editors maintain, and the searches that found nothing."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from core.text import normalise, words


class Synonym(models.Model):
    """A word or phrase people type, and the words the catalogue uses for it.

    "ordi" → "ordinateur"; "CAF" → "allocations familiales"; "Pôle emploi" → "France
    Travail". Applied to every query: the catalogue's words are added to what was typed.
    """

    term = models.CharField(
        _("ce que les gens tapent"),
        max_length=80,
        unique=True,
        help_text=_("Un mot ou une expression, avec ou sans accents : « ordi », « pôle emploi »."),
    )
    expansion = models.CharField(
        _("les mots de nos formations"),
        max_length=200,
        help_text=_("Les mots à chercher en plus : « ordinateur », « France Travail »."),
    )
    normalised_term = models.CharField(
        _("terme normalisé"), max_length=80, editable=False, db_index=True
    )

    panels = [FieldPanel("term"), FieldPanel("expansion")]

    class Meta:
        verbose_name = _("synonyme")
        verbose_name_plural = _("synonymes")
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} → {self.expansion}"

    def save(self, *args, **kwargs):
        self.normalised_term = " ".join(words(self.term))
        super().save(*args, **kwargs)


class ZeroResultQuery(models.Model):
    """A search that found nothing, counted, so that editors add synonyms or courses."""

    query = models.CharField(_("recherche"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("nombre de fois"), default=0)
    first_searched_at = models.DateTimeField(_("première fois"), auto_now_add=True)
    last_searched_at = models.DateTimeField(_("dernière fois"), auto_now=True)

    class Meta:
        verbose_name = _("recherche sans résultat")
        verbose_name_plural = _("recherches sans résultat")
        ordering = ["-count", "-last_searched_at"]

    def __str__(self):
        return self.query

    @staticmethod
    def key(query):
        return normalise(" ".join(query.split()))[:200]
