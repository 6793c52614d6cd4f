from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import roles


class User(AbstractUser):
    """A person who logs in: staff, trainer or partner advisor (learners need no account)."""

    phone = models.CharField(_("téléphone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def __str__(self):
        return self.get_full_name() or self.username

    # Roles are group memberships (core.roles); these read them for templates.
    @property
    def is_coordinator(self):
        return roles.is_coordinator(self)

    @property
    def is_trainer(self):
        return roles.is_trainer(self)

    @property
    def is_partner(self):
        return roles.is_partner(self)
