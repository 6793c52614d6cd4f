"""Form widgets for files kept in the private storage (core.storage), which have no URL."""

from django.forms import ClearableFileInput


class PrivateImageInput(ClearableFileInput):
    """Upload, replace or clear a private image; the current one is shown by name, unlinked.

    Django's widget links the current file to its URL, which private files refuse.
    """

    template_name = "core/widgets/private_file_input.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", ""))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["current_name"] = value.name.rsplit("/", 1)[-1]
        return context
