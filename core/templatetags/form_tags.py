"""Template helpers every form of the site uses: the error summary, unbreakable values."""

from django import template
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

CHOICE_WIDGETS = {"radio", "checkbox"}  # in a fieldset: focus the first choice


def _target(bound_field):
    """The id focus goes to from the summary: the control, or a group's first choice."""
    widget = bound_field.field.widget
    if getattr(widget, "input_type", None) in CHOICE_WIDGETS and bound_field.use_fieldset:
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


def error_items(form, error=None):
    """[(label or None, message, target id or None)] for a form's errors, in field order.

    `error` is a message from outside the form (the service refused): it comes first.
    """
    items = []
    if error:
        items.append((None, error, None))
    if form is None:
        return items
    for message in form.errors.get(NON_FIELD_ERRORS, []):
        items.append((None, message, None))
    for bound_field in form:
        if bound_field.is_hidden:
            continue
        for message in bound_field.errors:
            items.append((bound_field.label, message, _target(bound_field)))
    return items


@register.inclusion_tag("components/error_summary.html")
def error_summary(form, error=None):
    """The box at the top of a form that lists and links every error (DSFR, RGAA 11.10)."""
    return {"items": error_items(form, error)}


@register.simple_tag
def error_title_prefix(form, error=None):
    """ "Erreur : " before the page title when the form came back with errors."""
    return _("Erreur : ") if error or (form is not None and form.errors) else ""


@register.filter
def nobreak(value):
    """ "9 h 30", "01 99 00 12 34" kept on one line (a span: HTML text only).

    The CSS lets them wrap again only when the screen is narrower than about 21
    characters (a phone with its text at 200 %), where one line cannot hold them.
    """
    if value in (None, ""):
        return value
    return format_html('<span class="nowrap">{}</span>', value)


@register.filter
def tel_link(value):
    """A phone number in a sentence, as a link that dials it, never split across lines."""
    if not value:
        return ""
    digits = "".join(ch for ch in str(value) if ch.isdigit() or ch == "+")
    href = "+33" + digits[1:] if digits.startswith("0") else digits
    return format_html('<a class="tel nowrap" href="tel:{}">{}</a>', href, value)
