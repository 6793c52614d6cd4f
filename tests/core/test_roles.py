"""Roles are data, not demo: every install gets the three groups with their permissions."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection

from core.roles import (
    COORDINATORS_GROUP,
    PARTNERS_GROUP,
    ROLES,
    TRAINERS_GROUP,
    declared_permissions,
    ensure_roles,
    permissions_for,
    remember_permissions_before_migrate,
)

ROOT = Path(__file__).resolve().parents[2]

# What a coordinator must be able to do in the admin (a sample of each app's share).
COORDINATOR_PERMISSIONS = {
    "wagtailadmin.access_admin",
    "core.change_contactsettings",
    "courses.add_session",
    "courses.change_enrolment",
    "courses.change_partnerorganisation",
    "courses.add_membership",
    "attendance.view_attendance",
    "attendance.view_attendancechange",
    "attendance.change_attendancesettings",
    "certificates.change_certificate",
    "search.add_synonym",
    "search.delete_zeroresultquery",
}


def codenames(group):
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


@pytest.mark.django_db
def test_migrate_alone_creates_the_roles_with_their_permissions():
    Group.objects.filter(name__in=ROLES).delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # what migrate ends with
    coordinators = Group.objects.get(name=COORDINATORS_GROUP)
    assert codenames(coordinators) >= COORDINATOR_PERMISSIONS
    # Edit and publish the site's pages; use images and documents.
    assert {"add_page", "publish_page"} <= set(
        coordinators.page_permissions.values_list("permission__codename", flat=True)
    )
    assert coordinators.collection_permissions.filter(permission__codename="add_image").exists()
    # Trainers and partners work in their own areas, not in the admin.
    assert Group.objects.get(name=TRAINERS_GROUP).permissions.count() == 0
    assert Group.objects.get(name=PARTNERS_GROUP).permissions.count() == 0


@pytest.mark.django_db
def test_ensure_roles_is_idempotent_and_keeps_what_an_administrator_added():
    coordinators = ensure_roles()[COORDINATORS_GROUP]
    extra = Permission.objects.get(content_type__app_label="courses", codename="delete_learner")
    coordinators.permissions.add(extra)
    before = codenames(coordinators)
    ensure_roles()
    assert codenames(coordinators) == before
    assert Group.objects.filter(name=COORDINATORS_GROUP).count() == 1


@pytest.mark.django_db
def test_a_migrate_grants_new_models_permissions_but_not_what_an_administrator_removed():
    from django.contrib.contenttypes.models import ContentType

    coordinators = ensure_roles()[COORDINATORS_GROUP]
    removed = Permission.objects.get(content_type__app_label="courses", codename="delete_venue")
    coordinators.permissions.remove(removed)
    remember_permissions_before_migrate(sender=None)  # what migrate does first
    # A permission the migrate creates (as for a new model): the role declares courses.session.*
    new = Permission.objects.create(
        content_type=ContentType.objects.get(app_label="courses", model="session"),
        codename="archive_session",
        name="Can archive session",
    )
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert new in coordinators.permissions.all()
    assert removed not in coordinators.permissions.all()


@pytest.mark.django_db
def test_every_permission_a_role_declares_exists():
    """A mistyped 'app.codename' would silently grant nothing."""
    missing = [
        spec
        for specs in declared_permissions().values()
        for spec in specs
        if not permissions_for(spec).exists()
    ]
    assert missing == []


@pytest.mark.django_db
def test_the_demo_coordinator_has_the_roles_permissions(demo_site):
    from home.models import User

    coordinator = User.objects.get(username="coordination")
    assert all(coordinator.has_perm(permission) for permission in COORDINATOR_PERMISSIONS)
    assert coordinator.is_coordinator and not coordinator.is_trainer


@pytest.mark.migrations
def test_a_fresh_database_gets_the_roles_from_migrate_without_the_demo(tmp_path):
    """`manage.py migrate` on an empty database of the same engine as this run."""
    if connection.vendor == "postgresql":
        name = f"numixs_roles_{uuid.uuid4().hex[:8]}"
        server = connection.settings_dict
        url = (
            f"postgres://{server['USER']}@{server['HOST'] or '127.0.0.1'}:"
            f"{server['PORT'] or 5432}/{name}"
        )
        admin = [sys.executable, "-c", _psql(url.rsplit("/", 1)[0] + "/postgres")]
        subprocess.run([*admin, f"CREATE DATABASE {name}"], check=True, timeout=60)
    else:
        url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    try:
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True, timeout=300)
        shown = subprocess.run(
            [
                *manage,
                "shell",
                "-c",
                # The child process prints its groups as JSON for this test to read.
                "import json; from django.contrib.auth.models import Group;"
                "print(json.dumps({g.name: g.permissions.count() for g in Group.objects.all()}))",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
    finally:
        if connection.vendor == "postgresql":
            subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name}"], timeout=60)
    groups = json.loads(shown.strip().splitlines()[-1])
    assert groups[COORDINATORS_GROUP] >= len(COORDINATOR_PERMISSIONS)
    assert {TRAINERS_GROUP, PARTNERS_GROUP} <= set(groups)


def _psql(url):
    """A tiny script running one statement outside a transaction (CREATE/DROP DATABASE)."""
    return (
        "import sys, psycopg\n"
        f"with psycopg.connect({url!r}, autocommit=True) as c: c.execute(sys.argv[1])\n"
    )
