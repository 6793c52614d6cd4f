"""Every field of the project's own models has a French name: the admin's detail pages,
forms, filters and exports show it (found: "Learner", "Created at", "Attestation sha256")."""

from django.apps import apps
from wagtail.models import Page

PROJECT_APPS = ["core", "courses", "attendance", "certificates", "partners", "home", "search"]
# Field names that are the same word in French.
SAME_IN_FRENCH = {
    "session",
    "organisation",
    "date",
    "note",
    "signature",
    "situation",
    "programme",
    "format",
    "image",
    "site",
}
PAGE_FIELDS = {field.name for field in Page._meta.get_fields()}


def test_every_field_of_the_projects_models_has_a_french_name():
    english = []
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                if not getattr(field, "concrete", False) or field.auto_created:
                    continue
                if issubclass(model, Page) and field.name in PAGE_FIELDS:
                    continue  # Wagtail's own, translated by Wagtail
                default = field.name.replace("_", " ")
                if str(field.verbose_name) == default and field.name not in SAME_IN_FRENCH:
                    english.append(f"{model.__name__}.{field.name}")
    assert english == []
