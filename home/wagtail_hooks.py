"""The admin's home page (the coordinators' desk), and a learner's rights in the admin:
buttons on their page, the export and erase views."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import HeaderButton

from courses.wagtail_hooks import LEARNER_BUTTONS_HOOK
from home import admin_views, desk


class DeskPanel(Component):
    """One panel of the desk: a count, the first items, the link to the list behind."""

    template_name = "home/admin/desk_panel.html"

    def __init__(self, panel, order):
        self.panel = panel
        self.order = order
        self.name = f"desk-{panel.key}"

    def get_context_data(self, parent_context):
        return {"panel": self.panel}


class MonthPanel(Component):
    """This month at a glance: the key figures, each linking to its report."""

    template_name = "home/admin/month_panel.html"
    name = "desk-month"
    order = 100  # after the to-do panels

    def __init__(self, glance):
        self.glance = glance

    def get_context_data(self, parent_context):
        return {"glance": self.glance}


@hooks.register("construct_homepage_panels")
def coordinators_desk(request, panels):
    """The desk first; Wagtail's own page panels (moderation, recent edits) after it."""
    for position, panel in enumerate(desk.panels(request.user)):
        panels.append(DeskPanel(panel, order=10 + position))
    if glance := desk.month_at_a_glance(request.user):
        panels.append(MonthPanel(glance))


@hooks.register("insert_global_admin_css")
def desk_css():
    return format_html('<link rel="stylesheet" href="{}">', static("home/admin.css"))


@hooks.register("construct_homepage_summary_items", order=1000)  # after Wagtail's own
def no_site_summary(request, items):
    """No "34 pages, 0 images" banner: the desk says what is to do instead."""
    items.clear()


@hooks.register("register_admin_urls")
def personal_data_urls():
    return [
        path(
            "donnees-personnelles/apprenant/<int:pk>/export.<str:kind>",
            admin_views.export_learner,
            name="learner_data_export",
        ),
        path(
            "donnees-personnelles/apprenant/<int:pk>/effacer/",
            admin_views.EraseLearnerView.as_view(),
            name="learner_data_erase",
        ),
    ]


@hooks.register(LEARNER_BUTTONS_HOOK)
def personal_data_buttons(request, learner):
    if not request.user.has_perm(admin_views.PERMISSION):
        return []
    return [
        HeaderButton(
            _("Exporter ses données (JSON)"),
            url=reverse("learner_data_export", args=[learner.pk, "json"]),
            icon_name="download",
        ),
        HeaderButton(
            _("Exporter ses données (tableur)"),
            url=reverse("learner_data_export", args=[learner.pk, "csv"]),
            icon_name="table",
        ),
        HeaderButton(
            _("Effacer ses données"),
            url=reverse("learner_data_erase", args=[learner.pk]),
            icon_name="bin",
        ),
    ]
