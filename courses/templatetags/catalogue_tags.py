from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.models import CataloguePage

register = template.Library()


@register.simple_tag(takes_context=True)
def catalogue_url(context, query=""):
    """The live catalogue's URL (with an optional query string), or '' when there is none."""
    request = context.get("request")
    cache = request.__dict__.setdefault("_catalogue_url", {}) if request else {}
    if "url" not in cache:
        catalogue = CataloguePage.objects.live().first()
        cache["url"] = catalogue.get_url(request) if catalogue else ""
    url = cache["url"]
    return f"{url}?{query}" if url and query else url


@register.filter
def seats_label(session):
    if session.is_full:
        return _("Complet — liste d'attente")
    return ngettext(
        "%(count)d place restante", "%(count)d places restantes", session.seats_left
    ) % {"count": session.seats_left}
