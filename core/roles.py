"""Roles: three Wagtail groups, created with their permissions on every install.

A role is a group membership (Wagtail manages permissions through groups, so
they stay editable in the admin). Each app says in its AppConfig which
permissions of its own each role needs (`role_permissions`); this module knows
no app: it collects them. `ensure_roles` runs after every `migrate` (and after a
test database is flushed), so a production install has working roles without
the demo. A group it creates gets everything its role declares; a group that
already exists gets only the permissions that migrate has just created (a new
model's), so that what an administrator granted or removed by hand stays so.
"""

from django.apps import apps

# The user model imports this module while the models load: the model imports below
# wait until a function needs them.

COORDINATORS_GROUP = "Coordination"
TRAINERS_GROUP = "Formateurs"
PARTNERS_GROUP = "Partenaires"
ROLES = (COORDINATORS_GROUP, TRAINERS_GROUP, PARTNERS_GROUP)

# What coordinators do in the Wagtail admin beyond the apps' own models: edit and
# publish pages, use images and documents, promote search results.
COORDINATOR_PERMISSIONS = ["wagtailadmin.access_admin", "wagtailsearchpromotions.*"]
COORDINATOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
COORDINATOR_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]


def in_role(user, group_name):
    return bool(
        user is not None and user.is_authenticated and user.groups.filter(name=group_name).exists()
    )


def is_coordinator(user):
    """Superusers and the Coordination group: they see and may correct everything."""
    return bool(user is not None and user.is_authenticated and user.is_superuser) or in_role(
        user, COORDINATORS_GROUP
    )


def is_trainer(user):
    return in_role(user, TRAINERS_GROUP)


def is_partner(user):
    return in_role(user, PARTNERS_GROUP)


def declared_permissions():
    """{group name: [permission spec]} gathered from every app's `role_permissions`."""
    wanted = {name: [] for name in ROLES}
    wanted[COORDINATORS_GROUP] += COORDINATOR_PERMISSIONS
    for app_config in apps.get_app_configs():
        for group_name, specs in getattr(app_config, "role_permissions", {}).items():
            wanted[group_name] += specs
    return wanted


def permissions_for(spec):
    """'app.codename', 'app.model.*' or 'app.*' -> a queryset of permissions."""
    from django.contrib.auth.models import Permission

    parts = spec.split(".")
    permissions = Permission.objects.filter(content_type__app_label=parts[0])
    if parts[-1] != "*":
        return permissions.filter(codename=parts[1])
    if len(parts) == 3:
        return permissions.filter(content_type__model=parts[1])
    return permissions


def ensure_roles(only=None):
    """Create the three groups with their permissions; idempotent.

    `only` (permission ids): for groups that already exist, grant these and no other
    (after a migrate: the permissions it created). None grants everything declared.
    """
    from django.contrib.auth.models import Group

    groups, created = {}, {}
    for name in ROLES:
        groups[name], created[name] = Group.objects.get_or_create(name=name)
    for group_name, specs in declared_permissions().items():
        for spec in specs:
            permissions = permissions_for(spec)
            if only is not None and not created[group_name]:
                permissions = permissions.filter(pk__in=only)
            groups[group_name].permissions.add(*permissions)
    if only is None or created[COORDINATORS_GROUP]:
        _coordinators_edit_the_site(groups[COORDINATORS_GROUP])
    return groups


def _coordinators_edit_the_site(group):
    from wagtail.models import (
        Collection,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
        Site,
    )

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    page = site.root_page if site is not None else Page.get_first_root_node()
    if page is not None:
        for codename in COORDINATOR_PAGE_PERMISSIONS:
            for permission in permissions_for(f"wagtailcore.{codename}"):
                GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=permission
                )
    # Wagtail's migrations create the root collection; a flushed database lacks it.
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for spec in COORDINATOR_COLLECTION_PERMISSIONS:
        for permission in permissions_for(spec):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )


# Permission ids that existed when the running migrate began (see ensure_roles).
_permissions_before_migrate = {}


def remember_permissions_before_migrate(sender, using="default", **kwargs):
    """pre_migrate receiver: the permissions that exist before this migrate runs."""
    from django.contrib.auth.models import Permission
    from django.db import connections

    table = Permission._meta.db_table
    exists = table in connections[using].introspection.table_names()
    _permissions_before_migrate[using] = (
        set(Permission.objects.using(using).values_list("pk", flat=True)) if exists else set()
    )


def ensure_roles_after_migrate(sender, app_config=None, using="default", **kwargs):
    """post_migrate receiver: once, for the last app with models.

    Django sends post_migrate once per app; this receiver was connected before
    auth's, so for the last app it runs before that app's permissions exist. The
    last app is django.contrib.sessions, whose permissions no role needs.
    """
    from django.contrib.auth.models import Permission

    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if app_config is None or app_config.label != last.label or using != "default":
        return
    before = _permissions_before_migrate.pop(using, None)
    if before is None:  # a flush, or a call outside migrate: grant what is declared
        ensure_roles()
    else:
        ensure_roles(only=set(Permission.objects.values_list("pk", flat=True)) - before)
