import django_filters
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    register_filter_adapter_class,
)

from core.admin import moved_settings_urls
from core.audit import ACTIONS


@hooks.register("register_admin_urls")
def contact_settings_old_address():
    return moved_settings_urls("home", "core", "contactsettings")


@hooks.register("register_log_actions")
def numixs_log_actions(actions):
    """The audit trail's actions (core.audit), shown in the admin's history."""
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)


class YesNoFilterAdapter(BaseFilterAdapter):
    """A yes/no filter in force reads "À appeler : oui", not "À appeler : True"."""

    def get_active_filters(self):
        yield ActiveFilter(
            self.bound_field.auto_id,
            self.filter.label,
            _("oui") if self.value else _("non"),
            self.get_url_without_filter_param(self.name),
        )


register_filter_adapter_class(django_filters.BooleanFilter, adapter_class=YesNoFilterAdapter)
