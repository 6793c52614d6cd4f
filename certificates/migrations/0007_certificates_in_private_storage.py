"""Certificates move from the public media root to the private storage (core.storage).

Files already rendered are moved, not copied: nothing of them stays under
MEDIA_ROOT, where /media/ URLs could reach them. Going back leaves them
private (the views serve them from wherever the field says).
"""

from django.core.files.storage import default_storage, storages
from django.db import migrations, models

import core.storage

FIELDS = ("attestation_pdf", "realisation_pdf")


def move_to_private(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    private = storages["private"]
    for certificate in Certificate.objects.exclude(attestation_pdf="", realisation_pdf="").iterator():
        changed = []
        for field in FIELDS:
            name = getattr(certificate, field).name
            if not name or not default_storage.exists(name):
                continue
            if not private.exists(name):
                with default_storage.open(name, "rb") as public_file:
                    saved = private.save(name, public_file)
                if saved != name:
                    setattr(certificate, field, saved)
                    changed.append(field)
            default_storage.delete(name)
        if changed:
            certificate.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0006_queued_tasks_follow_their_code"),
    ]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="attestation_pdf",
            field=models.FileField(
                blank=True,
                storage=core.storage.private_storage,
                upload_to="attestations/",
                verbose_name="attestation (PDF)",
            ),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="realisation_pdf",
            field=models.FileField(
                blank=True,
                storage=core.storage.private_storage,
                upload_to="attestations/",
                verbose_name="certificat de réalisation (PDF)",
            ),
        ),
        migrations.RunPython(move_to_private, migrations.RunPython.noop, elidable=True),
    ]
