from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Recherche")
    # Synonyms, and the report of searches that found nothing (deleted once handled).
    role_permissions = {
        "Coordination": [
            "search.synonym.*",
            "search.view_zeroresultquery",
            "search.delete_zeroresultquery",
        ],
    }

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from search.models import Synonym
        from search.services import forget_cached_words

        # The words of the catalogue (typo corrections, prefixes) follow what is published.
        page_published.connect(forget_cached_words, dispatch_uid="search-vocabulary-published")
        page_unpublished.connect(forget_cached_words, dispatch_uid="search-vocabulary-unpublished")
        post_save.connect(forget_cached_words, sender=Synonym, dispatch_uid="search-synonym-saved")
        post_delete.connect(
            forget_cached_words, sender=Synonym, dispatch_uid="search-synonym-deleted"
        )
