"""Moving a model to another app without touching its table or its rows.

A model that changes app keeps its table (`Meta.db_table`); its migrations
change only Django's state (`SeparateDatabaseAndState`), and its content type
is relabelled, so that the permissions granted on it (and Wagtail's logs and
revisions, which point at content types) follow it. Used by the migrations of
the apps that received a model (docs/architecture.md, "Moving a model").
"""

from django.db import migrations


def move_content_types(old_app, new_app, models):
    """A migration operation relabelling `models`' content types from old_app to new_app."""

    def relabel(apps, source, target):
        content_type = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if not content_type.objects.filter(app_label=source, model=model).exists():
                continue  # a fresh database: nothing to carry over
            # A migrate run in parts may have created the target already, with fresh
            # permissions; the old one carries what was granted and logged: it wins.
            content_type.objects.filter(app_label=target, model=model).delete()
            content_type.objects.filter(app_label=source, model=model).update(app_label=target)

    def forwards(apps, schema_editor):
        relabel(apps, old_app, new_app)

    def backwards(apps, schema_editor):
        relabel(apps, new_app, old_app)

    return migrations.RunPython(forwards, backwards, elidable=False)


def move_task_paths(paths):
    """A migration operation rewriting the stored path of queued tasks whose code moved.

    The database task backend stores each queued task by its dotted path; a task
    queued before a deploy that moved its function would otherwise fail ("does not
    point to a Task"). `paths` maps old dotted paths to new ones.
    """

    def rewrite(apps, mapping):
        task_result = apps.get_model("django_tasks_database", "DBTaskResult")
        for old, new in mapping.items():
            task_result.objects.filter(task_path=old).update(task_path=new)

    def forwards(apps, schema_editor):
        rewrite(apps, paths)

    def backwards(apps, schema_editor):
        rewrite(apps, {new: old for old, new in paths.items()})

    return migrations.RunPython(forwards, backwards, elidable=False)
