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
            if content_type.objects.filter(app_label=target, model=model).exists():
                continue  # already there (created by a post_migrate of this very move)
            content_type.objects.filter(app_label=source, model=model).update(app_label=target)

    def forwards(apps, schema_editor):
        relabel(apps, old_app, new_app)

    def backwards(apps, schema_editor):
        relabel(apps, new_app, old_app)

    return migrations.RunPython(forwards, backwards, elidable=False)
