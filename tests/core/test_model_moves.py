"""A database from before the layers (main at 4bd499f) upgrades without losing a row.

Models that changed app keep their tables; their content types are relabelled so
that the permissions granted on them follow (docs/architecture.md, "Moving a model").
"""

import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.migrations

# The last migration of each app before the moves.
BEFORE = [
    ("courses", "0009_enrolment_referrer_consent_withdrawn_at_and_more"),
    ("certificates", "0004_membership_digest_sent_at_membership_weekly_digest_and_more"),
    ("home", "0003_alter_homepage_audiences"),
]
MOVED = {  # (old app, model) -> new app
    ("certificates", "partnerorganisation"): "courses",
    ("certificates", "membership"): "courses",
    ("courses", "attendance"): "attendance",
    ("courses", "attendancechange"): "attendance",
    ("courses", "sittingreopening"): "attendance",
    ("courses", "attendancesettings"): "attendance",
    ("home", "contactsettings"): "core",
}


def migrate_to(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


def fill_the_old_tables(apps, user, sitting, enrolment):
    """One row in every table that is about to change app, through the old models."""
    now = timezone.now()  # the pinned clock (tests/conftest.py)
    organisation = apps.get_model("certificates", "PartnerOrganisation").objects.create(
        name="Structure d'avant", referral_code="AVANT2"
    )
    apps.get_model("certificates", "Membership").objects.create(
        organisation=organisation, user_id=user.pk
    )
    apps.get_model("courses", "Enrolment").objects.filter(pk=enrolment.pk).update(
        referrer=organisation
    )
    apps.get_model("courses", "Attendance").objects.create(
        sitting_id=sitting.pk, enrolment_id=enrolment.pk, status="present", note="Avant"
    )
    apps.get_model("courses", "AttendanceChange").objects.create(
        client_id=uuid.uuid4(),
        sitting_id=sitting.pk,
        enrolment_id=enrolment.pk,
        kind="mark",
        value="present",
        device_time=now,
        server_time=now,
    )
    apps.get_model("courses", "SittingReopening").objects.create(
        sitting_id=sitting.pk, reopened_by_id=user.pk, reason="Erreur de pointage", closed_at=now
    )
    apps.get_model("courses", "AttendanceSettings").objects.update_or_create(
        pk=1, defaults={"signature_margin_minutes": 17}
    )
    apps.get_model("home", "ContactSettings").objects.update_or_create(
        site_id=apps.get_model("wagtailcore", "Site").objects.get(is_default_site=True).pk,
        defaults={"phone": "01 23 45 67 89"},
    )
    return organisation.pk


def queue_old_tasks():
    """Tasks waiting in the database queue, by the dotted paths their code had before."""
    from django_tasks_db.models import DBTaskResult as task_result  # its table never moves

    paths = [
        "certificates.tasks.issue_session_certificates",
        "certificates.digests.send_digest",
        "certificates.invitations.send_invitation",
    ]
    return [
        task_result.objects.create(
            task_path=path,
            args_kwargs={"args": [1], "kwargs": {}},
            backend_name="default",
            run_after=timezone.now(),  # pinned clock: due at once
        ).pk
        for path in paths
    ]


def test_a_database_from_before_the_layers_keeps_every_row_and_permission(transactional_db):
    from attendance.models import (
        Attendance,
        AttendanceChange,
        AttendanceSettings,
        SittingReopening,
    )
    from core.models import ContactSettings
    from courses.models import Enrolment, Membership, PartnerOrganisation, Sitting
    from home.models import User
    from tests.conftest import seed_demo

    seed_demo()
    sitting = Sitting.objects.filter(session__enrolments__status="confirmed").first()
    enrolment = sitting.session.enrolments.filter(status="confirmed").first()
    user = User.objects.get(username="partenaire")
    auditors = Group.objects.create(name="Auditeurs")
    auditors.permissions.add(
        *Permission.objects.filter(
            content_type__model__in=[model for _app, model in MOVED], codename__startswith="view_"
        )
    )
    counts = {
        "attendance": Attendance.objects.count(),
        "changes": AttendanceChange.objects.count(),
        "organisations": PartnerOrganisation.objects.count(),
        "memberships": Membership.objects.count(),
    }
    try:
        # The apps born of the moves did not exist then.
        executor = migrate_to([*BEFORE, ("core", None), ("attendance", None), ("partners", None)])
        apps = executor.loader.project_state(BEFORE).apps
        # Content types as an old database has them.
        for (old_app, model), new_app in MOVED.items():
            apps.get_model("contenttypes", "ContentType").objects.filter(
                app_label=new_app, model=model
            ).update(app_label=old_app)
        # As a migrate run in parts would leave it: the new label already exists, empty.
        apps.get_model("contenttypes", "ContentType").objects.create(
            app_label="attendance", model="attendancechange"
        )
        old_attendance = apps.get_model("courses", "Attendance")
        old_attendance.objects.filter(sitting_id=sitting.pk, enrolment_id=enrolment.pk).delete()
        organisation_pk = fill_the_old_tables(apps, user, sitting, enrolment)
        queued = queue_old_tasks()
    finally:
        migrate_to()

    assert Attendance.objects.count() == counts["attendance"]
    assert Attendance.objects.get(sitting=sitting, enrolment=enrolment).note == "Avant"
    assert AttendanceChange.objects.count() == counts["changes"] + 1
    assert SittingReopening.objects.filter(reason="Erreur de pointage").exists()
    assert AttendanceSettings.load().signature_margin_minutes == 17
    assert ContactSettings.objects.filter(phone="01 23 45 67 89").exists()
    assert PartnerOrganisation.objects.count() == counts["organisations"] + 1
    assert Membership.objects.count() == counts["memberships"] + 1
    assert Enrolment.objects.get(pk=enrolment.pk).referrer_id == organisation_pk
    # Tasks queued before the deploy point at where their code is now.
    from django_tasks_db.models import DBTaskResult

    assert dict(DBTaskResult.objects.filter(pk__in=queued).values_list("pk", "task_path")) == {
        queued[0]: "certificates.receivers.issue_session_certificates",
        queued[1]: "partners.digests.send_digest",
        queued[2]: "partners.invitations.send_invitation",
    }
    # Permissions granted on the old models now name the new apps, and still work.
    granted = {(p.content_type.app_label, p.content_type.model) for p in auditors.permissions.all()}
    assert granted == {(new_app, model) for (_old, model), new_app in MOVED.items()}
    auditor = User.objects.create(username="auditrice", is_active=True)
    auditor.groups.add(auditors)
    assert auditor.has_perm("attendance.view_attendancechange")
    assert auditor.has_perm("courses.view_partnerorganisation")
    assert auditor.has_perm("core.view_contactsettings")
