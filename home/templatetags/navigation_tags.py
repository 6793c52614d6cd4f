from django import template
from django.core.cache import cache
from wagtail.models import Site

from courses.cache import catalogue_version

register = template.Library()

# Slugs of the pages shown in the footer rather than the main menu.
FOOTER_SLUGS = ("mentions-legales", "accessibilite", "donnees-personnelles", "contact")
MENU_SECONDS = 300


def _root_page(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def home_url(context):
    root = _root_page(context)
    return (root.url if root else None) or "/"


def _menus(context):
    """(main menu, footer links) of the site: [(title, url)], cached until a page is published.

    Every page shows them, so they are read from the cache rather than the
    database; publishing or unpublishing any page replaces the version token.
    """
    root = _root_page(context)
    if root is None:
        return [], []
    key = f"numixs:menus:{catalogue_version()}:{root.pk}"
    menus = cache.get(key)
    if menus is None:
        main, footer = [], []
        for page in root.get_children().live().order_by("path"):
            entry = (page.title, page.url)
            if page.slug in FOOTER_SLUGS:
                footer.append(entry)
            elif page.show_in_menus:
                main.append(entry)
        menus = (main, footer)
        cache.set(key, menus, MENU_SECONDS)
    return menus


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The home page's live children that editors flagged "show in menus"."""
    return _menus(context)[0]


@register.simple_tag(takes_context=True)
def footer_menu(context):
    return _menus(context)[1]
