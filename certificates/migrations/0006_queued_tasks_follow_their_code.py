from django.db import migrations

import core.moves


class Migration(migrations.Migration):
    """A session's certificates queued for issuing before the layers still get issued."""

    dependencies = [
        ('certificates', '0005_partner_organisations_move_to_courses'),
        ('django_tasks_database', '0019_rename_django_task_new_ordering_idx_tasks_db_new_ordering_idx_and_more'),
    ]

    operations = [
        core.moves.move_task_paths(
            {
                'certificates.tasks.issue_session_certificates': (
                    'certificates.receivers.issue_session_certificates'
                ),
            }
        ),
    ]
