from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

# Names of the groups that carry each role. Wagtail manages permissions through
# groups, so a role is a group membership rather than a field on the user.
COORDINATORS_GROUP = "Coordination"
TRAINERS_GROUP = "Formateurs"
PARTNERS_GROUP = "Partenaires"


class User(AbstractUser):
    """A person who logs in: staff, trainer or partner advisor (learners need no account)."""

    phone = models.CharField(_("téléphone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def __str__(self):
        return self.get_full_name() or self.username

    def in_group(self, name):
        return self.groups.filter(name=name).exists()

    @property
    def is_coordinator(self):
        return self.is_superuser or self.in_group(COORDINATORS_GROUP)

    @property
    def is_trainer(self):
        return self.in_group(TRAINERS_GROUP)

    @property
    def is_partner(self):
        return self.in_group(PARTNERS_GROUP)
