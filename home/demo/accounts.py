"""Demo roles and accounts (development only: the password is public)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from home.models.users import COORDINATORS_GROUP, PARTNERS_GROUP, TRAINERS_GROUP

DEMO_PASSWORD = "demo-numixs"  # noqa: S105 — documented development-only password

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

_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def ensure_groups(home_page):
    """The three role groups; coordinators edit the site in the Wagtail admin."""
    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    Group.objects.get_or_create(name=TRAINERS_GROUP)
    Group.objects.get_or_create(name=PARTNERS_GROUP)

    coordinators.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="home", codename="change_contactsettings"),
        # The catalogue's snippets: sessions (with their sittings), venues, topics.
        *Permission.objects.filter(
            content_type__app_label="courses",
            content_type__model__in=["session", "venue", "topic"],
        ),
        # Enrolments: seen and acted on from each session's page (the service's rules).
        # Attendance and its history: read-only evidence; the signature margin.
        *Permission.objects.filter(
            content_type__app_label="courses",
            codename__in=[
                "view_enrolment",
                "change_enrolment",
                "view_learner",
                "change_learner",
                "view_attendance",
                "view_attendancechange",
                "change_attendancesettings",
            ],
        ),
        # Partner organisations and their members; certificates (issued and revoked
        # through the service) and who signs them.
        *Permission.objects.filter(
            content_type__app_label="certificates",
            content_type__model__in=["partnerorganisation", "membership"],
        ),
        *Permission.objects.filter(
            content_type__app_label="certificates",
            codename__in=[
                "view_certificate",
                "change_certificate",
                "change_certificatesettings",
            ],
        ),
        # Search: synonyms, the report of searches that found nothing (delete when
        # handled), and Wagtail's promoted results.
        *Permission.objects.filter(
            content_type__app_label="search",
            codename__in=[
                "add_synonym",
                "change_synonym",
                "delete_synonym",
                "view_synonym",
                "view_zeroresultquery",
                "delete_zeroresultquery",
            ],
        ),
        *Permission.objects.filter(content_type__app_label="wagtailsearchpromotions"),
    )
    for codename in _PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(
            group=coordinators, page=home_page, permission=permission
        )
    # Wagtail's migrations create the root collection; a flushed database lacks it.
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for app_label, codename in _COLLECTION_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=coordinators, collection=root_collection, permission=permission
        )
    return coordinators


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
        users[username] = user
    return users
