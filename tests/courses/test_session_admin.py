"""The sessions' admin: one form with a weekly repetition, French dates, the list's order,
search and remembered filters."""

import datetime
import html

import pytest
from django.contrib.auth import get_user_model

from courses.models import Session
from tests.courses.factories import make_course, make_session, make_venue

pytestmark = pytest.mark.django_db

BASE = "/admin/snippets/courses/session"


@pytest.fixture
def staff(client):
    client.force_login(get_user_model().objects.get(username="coordination"))
    return client


def form_data(course, venue, **extra):
    data = {
        "course": course.pk,
        "venue": venue.pk,
        "capacity": "8",
        "status": "open",
        "funding": "etat",
        "objective": "autre-formation",
        "notes": "",
        "sittings-TOTAL_FORMS": "0",
        "sittings-INITIAL_FORMS": "0",
        "sittings-MIN_NUM_FORMS": "1",
        "sittings-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def text(response):
    return html.unescape(response.content.decode())


def test_a_six_week_session_in_one_form_without_the_holiday(staff, home_page):
    course, venue = (
        make_course("Atelier répété", slug="atelier-repete"),
        make_venue("Goussainville"),
    )
    response = staff.post(
        f"{BASE}/add/",
        form_data(
            course,
            venue,
            repeat_weekdays=["0"],
            repeat_start_time="09:30",
            repeat_end_time="12:30",
            repeat_first_date="15/03/2027",
            repeat_weeks="6",
            repeat_replace_holidays="on",
        ),  # fmt: skip
        follow=True,
    )
    session = Session.objects.get(course=course)
    dates = list(session.sittings.order_by("date").values_list("date", flat=True))
    assert len(dates) == 6 and datetime.date(2027, 3, 29) not in dates  # Easter Monday
    assert dates[0] == datetime.date(2027, 3, 15) and dates[-1] == datetime.date(2027, 4, 26)
    assert {(s.start_time, s.end_time) for s in session.sittings.all()} == {
        (datetime.time(9, 30), datetime.time(12, 30))
    }
    message = text(response)
    assert "sans date" not in message
    assert "6 séances, du 15/03/2027 au 26/04/2027" in message
    assert "29/03/2027 (Lundi de Pâques)" in message
    # Each sitting is then in the form, editable, its date written the French way.
    edit = text(staff.get(f"{BASE}/edit/{session.pk}/"))
    assert 'value="15/03/2027"' in edit and 'value="22/03/2027"' in edit
    first = session.sittings.order_by("date").first()
    data = form_data(course, venue, **{
        "sittings-TOTAL_FORMS": "6", "sittings-INITIAL_FORMS": "6",
    })  # fmt: skip
    for index, sitting in enumerate(session.sittings.order_by("date")):
        data.update({
            f"sittings-{index}-id": sitting.pk,
            f"sittings-{index}-date": sitting.date.strftime("%d/%m/%Y"),
            f"sittings-{index}-start_time": "14:00" if sitting == first else "09:30",
            f"sittings-{index}-end_time": "17:00" if sitting == first else "12:30",
            f"sittings-{index}-ORDER": str(index + 1),
        })  # fmt: skip
    saved = staff.post(f"{BASE}/edit/{session.pk}/", data, follow=True)
    assert "enregistrée : 6 séances" in text(saved)
    first.refresh_from_db()
    assert first.start_time == datetime.time(14, 0)
    assert session.sittings.count() == 6  # the repetition, left empty, added nothing


def test_the_repetition_must_be_complete_and_in_order(staff, home_page):
    course, venue = make_course("Atelier incomplet", slug="atelier-incomplet"), make_venue()
    response = staff.post(
        f"{BASE}/add/",
        form_data(course, venue, repeat_weekdays=["1"], repeat_start_time="12:30",
                  repeat_end_time="09:30", repeat_first_date="05/01/2027"),
    )  # fmt: skip
    assert response.status_code == 200
    page = text(response)
    assert "À remplir aussi pour répéter des séances." in page
    assert 'value="05/01/2027"' in page  # nothing typed is lost
    assert not Session.objects.filter(course=course).exists()
    # Neither sittings nor a repetition: at least one sitting is still required.
    empty = staff.post(f"{BASE}/add/", form_data(course, venue))
    assert empty.status_code == 200 and not Session.objects.filter(course=course).exists()


def test_the_list_puts_sessions_to_come_first_and_searches_course_town_and_venue(staff, home_page):
    course = make_course("Atelier ordre zèbre", slug="atelier-ordre-zebre")
    past = make_session(course, make_venue("Garges-lès-Gonesse"), days=(-30,))
    later = make_session(course, make_venue("Louvres", name="Médiathèque Quai des Lettres"),
                         days=(40,))  # fmt: skip
    soon = make_session(course, make_venue("Louvres"), days=(3,))
    listing = text(staff.get(f"{BASE}/", {"q": "zèbre"}))
    rows = [listing.index(f"{BASE}/edit/{s.pk}/") for s in (soon, later, past)]
    assert rows == sorted(rows), "to come (soonest first), then past"
    assert "Début" in listing and "Statut" in listing
    assert soon.start_date.strftime("%d/%m/%Y") in listing
    found = text(staff.get(f"{BASE}/", {"q": "Louvres zèbre"}))
    assert f"{BASE}/edit/{soon.pk}/" in found and f"{BASE}/edit/{past.pk}/" not in found
    by_venue = text(staff.get(f"{BASE}/", {"q": "quai des lettres"}))
    assert f"{BASE}/edit/{later.pk}/" in by_venue and f"{BASE}/edit/{soon.pk}/" not in by_venue


def test_the_filters_are_kept_when_coming_back_from_a_session(staff, home_page):
    course = make_course("Atelier filtre", slug="atelier-filtre")
    session = make_session(course)
    staff.get(f"{BASE}/", {"q": "filtre", "status": "open"})
    edit = text(staff.get(f"{BASE}/edit/{session.pk}/"))
    assert f'href="{BASE}/?q=filtre&amp;status=open"' in html.escape(edit, quote=False) or (
        f"{BASE}/?q=filtre&status=open" in edit
    )
    data = form_data(course, session.venue, **{
        "sittings-TOTAL_FORMS": "1", "sittings-INITIAL_FORMS": "1",
    })  # fmt: skip
    sitting = session.sittings.get()
    data.update({
        "sittings-0-id": sitting.pk, "sittings-0-date": sitting.date.strftime("%d/%m/%Y"),
        "sittings-0-start_time": "09:30", "sittings-0-end_time": "12:30", "sittings-0-ORDER": "1",
    })  # fmt: skip
    saved = staff.post(f"{BASE}/edit/{session.pk}/", data)
    assert saved.status_code == 302 and saved["Location"] == f"{BASE}/?q=filtre&status=open"
