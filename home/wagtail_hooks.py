"""A learner's rights in the admin: buttons on their page, the export and erase views."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import HeaderButton

from courses.wagtail_hooks import LEARNER_BUTTONS_HOOK
from home import admin_views


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
