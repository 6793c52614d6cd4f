"""The *Rapports* menu and its pages, for coordinators."""

from django.urls import include, path, reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.roles import is_coordinator
from reports import views
from reports.queries import REPORTS


class CoordinatorsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


urlpatterns = [
    path("", views.ReportsIndexView.as_view(), name="index"),
    path("<slug:slug>/", views.ReportView.as_view(), name="report"),
]


@hooks.register("register_admin_urls")
def report_urls():
    return [path("rapports/", include((urlpatterns, "reports"), namespace="reports"))]


def _menu_item(slug, position):
    @hooks.register("register_reports_menu_item")
    def item():
        return CoordinatorsMenuItem(
            views.TITLES[slug],
            reverse_lazy("reports:report", args=[slug]),
            name=f"rapport-{slug}",
            icon_name="table",
            order=10 + position,  # before Wagtail's own reports (locked pages, history…)
        )

    return item


# Wagtail's *Rapports* menu, one entry per report.
for _position, _slug in enumerate(REPORTS):
    _menu_item(_slug, _position)
