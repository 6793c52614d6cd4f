from django import template
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.cache import catalogue_version
from courses.models import CataloguePage

register = template.Library()


@register.simple_tag(takes_context=True)
def catalogue_url(context, query=""):
    """The live catalogue's URL (with an optional query string), or '' when there is none."""
    key = f"numixs:catalogue-url:{catalogue_version()}"
    url = cache.get(key)
    if url is None:
        catalogue = CataloguePage.objects.live().first()
        url = (catalogue.get_url(context.get("request")) if catalogue else "") or ""
        cache.set(key, url, 300)
    return f"{url}?{query}" if url and query else url


@register.filter
def seats_label(session):
    if session.is_full:
        return _("Complet — liste d'attente")
    return ngettext(
        "%(count)d place restante", "%(count)d places restantes", session.seats_left
    ) % {"count": session.seats_left}
