from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: what every other app may use; it knows none of them."""

    name = "core"
    verbose_name = _("Socle commun")
    role_permissions = {
        "Coordination": ["core.change_contactsettings"],
    }

    def ready(self):
        from core.roles import ensure_roles_after_migrate, remember_permissions_before_migrate

        # Every install gets the roles, production included (core.roles.ensure_roles).
        pre_migrate.connect(remember_permissions_before_migrate, dispatch_uid="core-roles-before")
        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="core-ensure-roles")
