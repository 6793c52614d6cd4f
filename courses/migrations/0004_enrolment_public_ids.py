import uuid

from django.db import migrations, models


def give_each_enrolment_a_public_id(apps, schema_editor):
    # Adding the field evaluated its callable default once, so existing rows may
    # share one value: give every row its own before the column becomes unique.
    Enrolment = apps.get_model("courses", "Enrolment")
    for enrolment in Enrolment.objects.only("pk"):
        enrolment.public_id = uuid.uuid4()
        enrolment.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [("courses", "0003_enrolment_details")]

    operations = [
        migrations.RunPython(give_each_enrolment_a_public_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="enrolment",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
