import django.db.models.deletion
from django.db import migrations, models

import courses.models.enrolments
from core.codes import readable_code


def give_references(apps, schema_editor):
    """Every existing enrolment gets its reference and short-link secret (unique)."""
    Enrolment = apps.get_model("courses", "Enrolment")
    taken_refs, taken_tokens = set(), set()
    for enrolment in Enrolment.objects.only("pk").iterator():
        reference = readable_code(6)
        while reference in taken_refs:
            reference = readable_code(6)
        token = readable_code(10)
        while token in taken_tokens:
            token = readable_code(10)
        taken_refs.add(reference)
        taken_tokens.add(token)
        Enrolment.objects.filter(pk=enrolment.pk).update(reference=reference, short_token=token)


class Migration(migrations.Migration):
    dependencies = [("courses", "0013_learner_erased_at")]

    operations = [
        migrations.AddField(
            model_name="enrolment",
            name="reference",
            field=models.CharField(
                editable=False, max_length=6, null=True, verbose_name="référence"
            ),
        ),
        migrations.AddField(
            model_name="enrolment",
            name="short_token",
            field=models.CharField(editable=False, max_length=10, null=True),
        ),
        migrations.RunPython(give_references, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="enrolment",
            name="reference",
            field=models.CharField(
                default=courses.models.enrolments.new_reference,
                editable=False,
                max_length=6,
                unique=True,
                verbose_name="référence",
            ),
        ),
        migrations.AlterField(
            model_name="enrolment",
            name="short_token",
            field=models.CharField(
                default=courses.models.enrolments.new_short_token,
                editable=False,
                max_length=10,
                unique=True,
            ),
        ),
        migrations.CreateModel(
            name="Message",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[("sms", "SMS"), ("email", "E-mail")],
                        max_length=5,
                        verbose_name="canal",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("confirmation", "Confirmation d'inscription"),
                            ("waitlist", "Inscription en liste d'attente"),
                            ("promotion", "Place libérée"),
                            ("reminder", "Rappel la veille"),
                            ("link", "Lien de l'inscription renvoyé"),
                            ("session_cancelled", "Session annulée par le centre"),
                            ("certificate", "Attestation prête"),
                        ],
                        max_length=20,
                        verbose_name="message",
                    ),
                ),
                ("recipient", models.CharField(max_length=254, verbose_name="destinataire")),
                ("text", models.TextField(blank=True, verbose_name="texte")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "En attente d'envoi"),
                            ("retrying", "Nouvel essai prévu"),
                            ("sent", "Envoyé"),
                            ("delivered", "Reçu"),
                            ("failed", "Échec"),
                        ],
                        default="queued",
                        max_length=10,
                        verbose_name="état",
                    ),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="essais")),
                (
                    "next_attempt_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="prochain essai"),
                ),
                ("error", models.CharField(blank=True, max_length=300, verbose_name="erreur")),
                ("provider_id", models.CharField(blank=True, db_index=True, max_length=64)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="envoyé le")),
                (
                    "delivered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="reçu le"),
                ),
                (
                    "enrolment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="courses.enrolment",
                    ),
                ),
            ],
            options={
                "verbose_name": "message envoyé",
                "verbose_name_plural": "messages envoyés",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(
                        fields=["status", "next_attempt_at"], name="courses_mes_status_f1a8f0_idx"
                    )
                ],
            },
        ),
    ]
