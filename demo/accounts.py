"""Demo accounts, one per role (development only: the password is public).

The roles themselves (groups and permissions) exist on every install: core.roles.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import COORDINATORS_GROUP, PARTNERS_GROUP, TRAINERS_GROUP

DEMO_PASSWORD = "demo-numixs"  # noqa: S105 — documented development-only password
# The demo staff's second factor (development only: the key is public). Add it to an
# authenticator app as the base32 key below, or print the current code with
# `manage.py demo_code`.
DEMO_TOTP_KEY = b"numixs-demo-2fa-key!".hex()
DEMO_TOTP_BASE32 = "NZ2W22LYOMWWIZLNN4WTEZTBFVVWK6JB"

DEMO_ACCOUNTS = [
    # username, first name, last name, group, is_staff, is_superuser
    ("admin", "Alex", "Administrateur", None, True, True),
    ("coordination", "Camille", "Martin", COORDINATORS_GROUP, True, False),
    ("formateur", "Karim", "Benali", TRAINERS_GROUP, False, False),
    ("partenaire", "Sophie", "Lefèvre", PARTNERS_GROUP, False, False),
    ("partenaire2", "Julien", "Moreau", PARTNERS_GROUP, False, False),
    # A learner with an account (most have none): their certificates at /mon-compte/.
    ("apprenant", "Léa", "Apprenante", None, False, False),
]


def ensure_accounts():
    """One account per role; re-running resets their password and role, nothing else."""
    User = get_user_model()
    users = {}
    for username, first, last, group_name, is_staff, is_superuser in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@numixs.example"
        user.is_staff, user.is_superuser, user.is_active = is_staff, is_superuser, True
        user.set_password(DEMO_PASSWORD)
        user.save()
        if group_name:
            user.groups.set([Group.objects.get(name=group_name)])
        if is_staff and settings.NUMIXS_STAFF_2FA:
            TOTPDevice.objects.update_or_create(
                user=user,
                name="Démo",
                defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
            )
        users[username] = user
    return users
