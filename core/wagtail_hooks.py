from wagtail import hooks

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
