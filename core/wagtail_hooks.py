from wagtail import hooks

from core.admin import moved_settings_urls


@hooks.register("register_admin_urls")
def contact_settings_old_address():
    return moved_settings_urls("home", "core", "contactsettings")
