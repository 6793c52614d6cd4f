"""The coordinators' desk on the admin's home page: every panel's figure matches the list
it links to, and the page costs a fixed number of queries with a year of data."""

import datetime
import html as htmllib
import random
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.models import CoursePage
from demo.attendance import mark_past_sittings
from demo.catalogue import enrol_demo_learners, ensure_learners, ensure_venues, schedule_sessions
from home import desk

pytestmark = pytest.mark.django_db

# Wagtail's own home page (menus, the user, its page panels) plus the desk's panels.
PAGE_BUDGET = 75
DESK_BUDGET = 16


@pytest.fixture
def coordinator(client, demo_site):
    assert client.login(username="coordination", password="demo-numixs")
    return client


def a_year_of_sessions(today):
    """The demo builders, again, for the year before `today` (sessions every week)."""
    trainer = get_user_model().objects.get(username="formateur")
    venues = list(ensure_venues().values())
    learners = ensure_learners()
    rng = random.Random(365)
    sessions = []
    for course in CoursePage.objects.order_by("pk")[:6]:
        sessions += schedule_sessions(
            course, venues, [trainer], today, rng, offsets=list(range(-365, 0, 7))
        )
    enrol_demo_learners(sessions, learners, rng)
    mark_past_sittings(trainer, today=today)
    return sessions


def test_the_admin_home_is_the_desk(coordinator):
    html = htmllib.unescape(coordinator.get("/admin/").content.decode())
    for title in (
        "Séances du jour",
        "Séances passées à clôturer",
        "Personnes à appeler",
        "Listes d'attente avec une place libre",
        "Sessions terminées, attestations à délivrer",
        "Sous le seuil de présence : à décider",
    ):
        assert title in html
    assert "w-summary" not in html  # no "34 pages, 0 images"
    assert "gravatar" not in html


def test_each_figure_matches_the_list_behind_it(coordinator):
    html = coordinator.get("/admin/").content.decode()
    figures = re.findall(
        r'data-desk-figure="([\w-]+)" data-desk-count="(\d+)">.*?href="([^"]+)"', html, re.S
    )
    assert len(figures) == 7  # six panels, and the absences under the call list
    for key, count, url in figures:
        response = coordinator.get(url.replace("&amp;", "&"))
        assert response.status_code == 200, key
        assert response.context["page_obj"].paginator.count == int(count), key


def test_the_demo_shows_something_in_every_panel(demo_site):
    coordinator = get_user_model().objects.get(username="coordination")
    for panel in desk.panels(coordinator):
        assert panel.count, panel.key
        assert panel.items, panel.key


def test_the_desk_costs_the_same_queries_with_a_year_of_data(
    coordinator, django_assert_max_num_queries
):
    user = get_user_model().objects.get(username="coordination")
    today = timezone.localdate()
    with django_assert_max_num_queries(DESK_BUDGET):
        desk.panels(user)
    a_year_of_sessions(today)
    with django_assert_max_num_queries(DESK_BUDGET):
        panels = desk.panels(user)
    assert sum(panel.count for panel in panels) > 0
    with django_assert_max_num_queries(PAGE_BUDGET):
        assert coordinator.get("/admin/").status_code == 200


def test_a_trainer_has_no_desk(demo_site):
    trainer = get_user_model().objects.get(username="formateur")
    assert desk.panels(trainer) == []


def test_tomorrow_the_sittings_of_today_are_to_close(demo_site):
    user = get_user_model().objects.get(username="coordination")
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    today_count = desk.todays_sittings(timezone.localdate()).count
    before = desk.sittings_to_close(timezone.localdate()).count
    assert desk.sittings_to_close(tomorrow.date()).count == before + today_count
    assert [panel.key for panel in desk.panels(user, tomorrow)][:2] == ["today", "to_close"]


def test_the_certificates_panel_counts_sessions_in_good_french(monkeypatch):
    """Found by a coordinator: "3 attestations méritées pas encore délivrées (1 sessions)"."""
    from types import SimpleNamespace

    from certificates import todo as certificates_todo
    from home import desk as desk_module

    earned = [SimpleNamespace(session_id=7, session="Atelier") for _n in range(3)]
    monkeypatch.setattr(
        certificates_todo, "awaiting", lambda now=None: certificates_todo.Awaiting(earned, [])
    )
    monkeypatch.setattr(desk_module, "_session_url", lambda session_id: "/admin/")
    panel, _below = desk_module.certificates(None)
    assert panel.summary == "3 attestations méritées pas encore délivrées (1 session)"
