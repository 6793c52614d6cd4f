from django.db import migrations

import core.moves


class Migration(migrations.Migration):
    """Digests and invitations queued before the partners' area left certificates still go."""

    dependencies = [
        ('django_tasks_database', '0019_rename_django_task_new_ordering_idx_tasks_db_new_ordering_idx_and_more'),
    ]

    operations = [
        core.moves.move_task_paths(
            {
                'certificates.digests.send_digest': 'partners.digests.send_digest',
                'certificates.invitations.send_invitation': 'partners.invitations.send_invitation',
            }
        ),
    ]
