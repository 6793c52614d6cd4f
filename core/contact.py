"""The centre's contact details, readable even when the database is not."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
from wagtail.models import Site

from core.models import ContactSettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FallbackContact:
    """Used when the site settings cannot be read (error pages, broken database)."""

    phone: str
    email: str = ""
    address: str = ""
    opening_hours: str = ""

    @property
    def phone_href(self):
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


def get_contact(request=None):
    """The editable contact settings of the request's site, or a fallback that never fails."""
    try:
        site = Site.find_for_request(request) if request is not None else None
        if site is None:
            site = Site.objects.filter(is_default_site=True).first()
        if site is not None:
            return ContactSettings.for_site(site)
    except DatabaseError:
        logger.warning("Contact settings unreadable; using the fallback phone number.")
    return FallbackContact(phone=settings.NUMIXS_FALLBACK_PHONE)


def get_home_url(request=None):
    """The root page's URL for the request's site, '/' when it cannot be read."""
    try:
        site = Site.find_for_request(request) if request is not None else None
        if site is not None:
            return site.root_page.url or "/"
    except DatabaseError:
        pass
    return "/"
