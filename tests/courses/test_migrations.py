import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.migrations

BEFORE = [("courses", "0002_trainers_are_in_the_trainers_group")]


def migrate_to(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


def test_existing_enrolments_each_get_their_own_public_id(transactional_db):
    """Upgrading a database that already holds enrolments (a bug once made them share one)."""
    from tests.conftest import seed_demo

    seed_demo()  # a flushed database has no session to enrol into
    try:
        executor = migrate_to(BEFORE)
        apps = executor.loader.project_state(BEFORE).apps
        session = apps.get_model("courses", "Session").objects.order_by("pk").first()
        learner_model = apps.get_model("courses", "Learner")
        enrolment_model = apps.get_model("courses", "Enrolment")
        for n in range(3):
            learner = learner_model.objects.create(first_name="Test", last_name=f"Migration{n}")
            enrolment_model.objects.create(session_id=session.pk, learner=learner)
    finally:
        migrate_to()  # leave the database as every other test expects it
    from courses.models import Enrolment

    ids = list(Enrolment.objects.values_list("public_id", flat=True))
    assert len(ids) == len(set(ids)) and None not in ids
