"""The *Rapports* menu and its pages, for coordinators."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from core.roles import is_coordinator
from reports import views
from reports.queries import REPORTS


class CoordinatorsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


class CoordinatorsSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


urlpatterns = [
    path("", views.ReportsIndexView.as_view(), name="index"),
    path("<slug:slug>/", views.ReportView.as_view(), name="report"),
]


@hooks.register("register_admin_urls")
def report_urls():
    return [path("rapports/", include((urlpatterns, "reports"), namespace="reports"))]


@hooks.register("register_admin_menu_item")
def reports_menu():
    items = [
        CoordinatorsMenuItem(
            views.TITLES[slug],
            reverse_lazy("reports:report", args=[slug]),
            name=f"rapport-{slug}",
            icon_name="table",
            order=position,
        )
        for position, slug in enumerate(REPORTS)
    ]
    return CoordinatorsSubmenu(
        _("Rapports"), Menu(items=items), name="rapports", icon_name="table", order=250
    )
