"""Admin building blocks every app's wagtail_hooks may use."""

from django.urls import re_path
from django.views.generic import RedirectView
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import IndexView

from core.audit import record
from core.spreadsheets import FrenchCsv, excel_text


class FrenchExcelIndexView(IndexView):
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
