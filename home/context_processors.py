from core.contact import get_contact


def site_contact(request):
    """Expose the contact details to every template (header, footer, error pages)."""
    return {"contact": get_contact(request)}
