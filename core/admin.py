"""Admin building blocks every app's wagtail_hooks may use."""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import re_path
from django.utils.translation import gettext
from django.views.generic import RedirectView
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import IndexView

from core.audit import record
from core.spreadsheets import FrenchCsv, excel_text


def yes_no(value):
    """A boolean as staff read it: "oui" / "non" (never "True" / "False"); None stays empty."""
    if value is None:
        return ""
    return gettext("oui") if value else gettext("non")


class YesNoColumn(Column):
    """A boolean column of an admin list, in words."""

    def get_value(self, instance):
        return yes_no(super().get_value(instance))


def _model_field(model, path):
    """The model field at the end of a dotted or __ path, or None."""
    *relations, name = path.replace(".", "__").split("__")
    try:
        for relation in relations:
            model = model._meta.get_field(relation).related_model
        return model._meta.get_field(name)
    except (FieldDoesNotExist, AttributeError):
        return None


class FrenchIndexView(IndexView):
    """An admin list in French: a column's heading comes from the viewset's
    `export_headings` when it names the field there (so that lists and exports agree,
    and no English field name leaks), and booleans read "oui" / "non"."""

    def _get_custom_column(self, field_name, column_class=Column, **kwargs):
        if column_class is Column and isinstance(
            _model_field(self.model, field_name), models.BooleanField
        ):
            column_class = YesNoColumn
        column = super()._get_custom_column(field_name, column_class, **kwargs)
        heading = (self.export_headings or {}).get(field_name)
        if heading:
            column.label = heading
        return column

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, bool):
            value = yes_no(value)
        return super().preprocess_field_value(field, value, export_format)


class FrenchExcelIndexView(FrenchIndexView):
    """Admin list exports that French Excel opens cleanly (see core.spreadsheets)."""

    def preprocess_field_value(self, field, value, export_format):
        if export_format == self.FORMAT_CSV:
            return excel_text(value)
        return super().preprocess_field_value(field, value, export_format)

    def write_csv_response(self, queryset, *args, **kwargs):
        self._audit("csv")
        return super().write_csv_response(queryset, *args, **kwargs)

    def write_xlsx_response(self, queryset, *args, **kwargs):
        self._audit("xlsx")
        return super().write_xlsx_response(queryset, *args, **kwargs)

    def _audit(self, export_format):
        """Every export of personal data is in the audit trail: who, what, which filters."""
        record(
            self.request.user,
            "numixs.export",
            user=self.request.user,
            what=self.model._meta.label,
            format=export_format,
            query=self.request.GET.urlencode(),
        )

    def stream_csv(self, queryset):
        csv = FrenchCsv()
        yield csv.header(self.get_heading(queryset, field) for field in self.list_export)
        for item in queryset:
            row = self.to_row_dict(item)
            yield csv.row(
                self.preprocess_field_value(field, row[field], self.FORMAT_CSV)
                for field in self.list_export
            ).encode()


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Records that change only through a service (enrolments, attendance and its
    history, certificates, logs): the admin may show and export them, never edit them."""

    blocked = ("add", "change", "delete")

    def user_has_permission(self, user, action):
        if action in self.blocked:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in self.blocked]
        return super().users_with_any_permission(actions) if actions else []


def moved_settings_urls(old_app, new_app, model_name):
    """Admin URLs that send a settings page's old address (before its model changed app)
    to the new one, so that bookmarks keep working. For a `register_admin_urls` hook."""
    return [
        re_path(
            rf"^settings/{old_app}/{model_name}/(?P<rest>.*)$",
            RedirectView.as_view(url=f"/admin/settings/{new_app}/{model_name}/%(rest)s"),
        )
    ]
