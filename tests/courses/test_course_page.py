import json
import re
import uuid

import pytest
from django.test import override_settings

from courses.models import CoursePage, Session
from tests.courses.factories import fill, make_course, make_session, make_venue
from tests.described import visible_text

pytestmark = pytest.mark.django_db


def course_html(client, slug="premiers-pas-ordinateur"):
    response = client.get(f"/formations/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_course_page_tells_a_learner_what_they_need_to_decide(client, demo_site):
    html = course_html(client)
    for text in (
        "Premiers pas sur un ordinateur",
        "À la fin, vous saurez",
        "Utiliser la souris et le clavier",
        "Programme",
        "12 heures",
        "Gratuit",
        "Débutant",
        "Personnes en recherche d",
        "Avant de venir",
        "si vous suivez au moins 80 % des heures",
        "Prochaines sessions",
        "Les lieux",
    ):
        assert text in html, text


def test_each_upcoming_session_shows_its_dates_place_and_seats(client, home_page):
    course = make_course("Atelier détaillé")
    venue = make_venue("Écouen", reduced_mobility_access=True, public_transport="Bus 269")
    fill(make_session(course, venue=venue, capacity=4, days=(3, 4)), 1)
    html = course_html(client, course.slug)
    assert "3 places restantes" in html
    assert "À Écouen, à partir du" in html
    assert "Bus 269" in html and "Accessible en fauteuil roulant." in html
    assert "https://www.openstreetmap.org/search?query=1+rue+de+la+Gare" in html
    assert 'href="tel:0199001234"' in html
    assert "Appeler le 01 99 00 12 34" in visible_text(html)  # the header's call link


def test_a_course_without_sessions_says_whom_to_call(client, home_page):
    course = make_course("Atelier sans date")
    html = course_html(client, course.slug)
    assert "Pas de session prévue pour le moment." in html


def test_related_courses_share_the_topic(client, demo_site):
    html = course_html(client, "impression-3d")
    related = html.split('id="related"')[1]
    assert "Découpe et gravure laser" in related
    assert "Premiers pas sur un ordinateur" not in related


def test_structured_data_describes_the_course_and_its_sessions(client, demo_site):
    html = course_html(client)
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "Course" and data["name"] == "Premiers pas sur un ordinateur"
    assert data["isAccessibleForFree"] is True
    instances = data["hasCourseInstance"]
    assert instances and instances[0]["@type"] == "CourseInstance"
    assert instances[0]["location"]["address"]["addressCountry"] == "FR"


def test_structured_data_cannot_close_its_script_element(client, home_page):
    course = make_course("Atelier </script><script>alert(1)</script>", slug="atelier-script")
    html = course_html(client, course.slug)
    assert "</script><script>alert(1)" not in html


def test_each_session_has_a_calendar_file(client, home_page):
    course = make_course("Atelier agenda")
    session = make_session(course, venue=make_venue("Écouen"), days=(3, 10))
    html = course_html(client, course.slug)
    link = f"/formations/agenda/{session.public_id}.ics"
    assert link in html
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Atelier agenda" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_a_calendar_of_an_unpublished_or_unknown_session_is_a_404(client, home_page):
    course = make_course("Atelier caché")
    session = make_session(course, venue=make_venue("Écouen"), days=(3,))
    course.unpublish()
    assert client.get(f"/formations/agenda/{session.public_id}.ics").status_code == 404
    assert client.get(f"/formations/agenda/{uuid.uuid4()}.ics").status_code == 404
    assert client.get("/formations/agenda/pas-un-uuid.ics").status_code == 404


@override_settings(NUMIXS_PAGE_CACHE_SECONDS=60)
def test_a_cached_course_page_shows_a_new_session_at_once(client, home_page):
    course = make_course("Atelier nouvelle date")
    assert "Pas de session prévue" in course_html(client, course.slug)
    make_session(course, venue=make_venue("Écouen"), days=(9,))
    assert "À Écouen, à partir du" in course_html(client, course.slug)


def test_courses_and_sessions_are_managed_in_the_wagtail_admin(client, demo_site):
    client.login(username="coordination", password="demo-numixs")
    listing = client.get("/admin/snippets/courses/session/")
    assert listing.status_code == 200
    assert "Inscrits / places" in listing.content.decode()
    filtered = client.get(
        "/admin/snippets/courses/session/",
        {"town": "Sarcelles", "status": "open", "start_date_after": "2026-01-01"},
    )
    assert filtered.status_code == 200
    assert client.get("/admin/snippets/courses/session/add/").status_code == 200
    assert client.get("/admin/snippets/courses/venue/").status_code == 200
    course = CoursePage.objects.get(slug="premiers-pas-ordinateur")
    assert client.get(f"/admin/pages/{course.pk}/edit/").status_code == 200


def test_a_coordinator_creates_a_session_with_its_sittings_inline(client, demo_site):
    from courses.models import Venue

    client.login(username="admin", password="demo-numixs")
    course = CoursePage.objects.get(slug="cv-en-ligne")
    venue = Venue.objects.get(name="Station Numixs")
    data = {
        "course": course.pk,
        "venue": venue.pk,
        "capacity": 9,
        "status": "open",
        "funding": "etat",
        "objective": "autre-formation",
        "notes": "",
        "sittings-TOTAL_FORMS": 2,
        "sittings-INITIAL_FORMS": 0,
        "sittings-MIN_NUM_FORMS": 1,
        "sittings-MAX_NUM_FORMS": 1000,
        "sittings-0-date": "2027-02-01",
        "sittings-0-start_time": "09:30",
        "sittings-0-end_time": "12:30",
        "sittings-0-ORDER": 1,
        "sittings-0-DELETE": "",
        "sittings-1-date": "2027-02-02",
        "sittings-1-start_time": "09:30",
        "sittings-1-end_time": "12:30",
        "sittings-1-ORDER": 2,
        "sittings-1-DELETE": "",
    }
    response = client.post("/admin/snippets/courses/session/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    session = Session.objects.get(course=course, capacity=9)
    assert str(session.start_date) == "2027-02-01" and str(session.end_date) == "2027-02-02"
    assert session.sittings.count() == 2


def test_outsiders_cannot_open_the_session_admin(client, demo_site):
    for username in ("formateur", "partenaire"):
        client.login(username=username, password="demo-numixs")
        response = client.get("/admin/snippets/courses/session/")
        assert response.status_code == 302
