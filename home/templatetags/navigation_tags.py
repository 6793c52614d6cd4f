from django import template
from wagtail.models import Site

register = template.Library()

# Slugs of the pages shown in the footer rather than the main menu.
FOOTER_SLUGS = ("mentions-legales", "accessibilite", "donnees-personnelles", "contact")


def _root_page(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def home_url(context):
    root = _root_page(context)
    return (root.url if root else None) or "/"


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The home page's live children that editors flagged "show in menus"."""
    root = _root_page(context)
    if root is None:
        return []
    return list(root.get_children().live().in_menu().exclude(slug__in=FOOTER_SLUGS))


@register.simple_tag(takes_context=True)
def footer_menu(context):
    root = _root_page(context)
    if root is None:
        return []
    return list(root.get_children().live().filter(slug__in=FOOTER_SLUGS))
