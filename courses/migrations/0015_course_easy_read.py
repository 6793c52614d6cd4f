from django.db import migrations, models


class Migration(migrations.Migration):
    """Courses get an easy-to-read block, required to publish (drafts may leave it empty:
    Wagtail defers required text fields to publication). Existing courses start empty
    and show no block until an editor writes it."""

    dependencies = [("courses", "0014_enrolment_reference_and_messages")]

    operations = [
        migrations.AddField(
            model_name="coursepage",
            name="easy_read",
            field=models.TextField(
                default="",
                help_text=(
                    "Obligatoire pour publier. Écrit en « facile à lire et à comprendre » "
                    "(FALC) : des phrases courtes, une idée par ligne, des mots de tous les "
                    "jours, pas d'abréviation. Dites pour qui c'est, ce que la personne saura "
                    "faire, et si c'est gratuit. Le bouton « Écouter » de la page le lit à "
                    "voix haute."
                ),
                verbose_name="en bref, facile à lire",
            ),
            preserve_default=False,
        ),
    ]
