"""Search in the Wagtail admin: synonyms, and the searches that found nothing."""

import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin import FrenchExcelIndexView, FrenchIndexView, ReadOnlyPolicy
from home.privacy import RETENTION_HOOK, delete_all
from search.models import Synonym, ZeroResultQuery


class LogPolicy(ReadOnlyPolicy):
    """Written by searches only: staff read the report and delete what they handled."""

    blocked = ("add", "change")


register_permission_policy(ZeroResultQuery, LogPolicy(ZeroResultQuery))


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "link"
    menu_label = _("Synonymes")
    index_view_class = FrenchIndexView
    list_display = ["term", "expansion"]
    search_fields = ["term", "expansion"]
    ordering = ["term"]


class ZeroResultQueryViewSet(SnippetViewSet):
    model = ZeroResultQuery
    icon = "warning"
    menu_label = _("Recherches sans résultat")
    list_display = ["query", "count", "last_searched_at", "first_searched_at"]
    search_fields = ["query"]
    ordering = ["-count", "-last_searched_at"]
    list_export = ["query", "count", "first_searched_at", "last_searched_at"]
    # Visitors typed these: the export goes through the formula guard (core.spreadsheets).
    index_view_class = FrenchExcelIndexView
    export_filename = "recherches-sans-resultat"


class SearchGroup(SnippetViewSetGroup):
    items = (ZeroResultQueryViewSet, SynonymViewSet)
    menu_icon = "search"
    menu_label = _("Recherche")
    menu_name = "recherche"
    menu_order = 220


register_snippet(SearchGroup)


@hooks.register(RETENTION_HOOK)
def purge_zero_result_searches(now):
    """Searches that found nothing are kept NUMIXS_RETENTION_SEARCH_DAYS (home.privacy)."""
    cutoff = now - datetime.timedelta(days=settings.NUMIXS_RETENTION_SEARCH_DAYS)
    searches = ZeroResultQuery.objects.filter(last_searched_at__lt=cutoff)
    return {"recherches sans résultat": delete_all(searches)}
