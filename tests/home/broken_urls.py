"""A URLconf with a view that crashes, to exercise the 500 handler."""

from django.urls import path

from config.urls import handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("Simulated crash")


urlpatterns = [path("boom/", boom), *urlpatterns]
