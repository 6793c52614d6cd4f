import datetime
import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.models import CataloguePage, Session
from demo.catalogue import build_large_catalogue
from tests.courses.factories import fill, make_course, make_session, make_venue
from tests.described import missing_described_ids

pytestmark = pytest.mark.django_db
URL = "/formations/"


def titles(response):
    return re.findall(
        r'class="course-card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def all_pages(client, params):
    """The HTML of every page of results, following the pagination."""
    pages = []
    while True:
        pages.append(client.get(URL, {**params, "page": len(pages) + 1}).content.decode())
        if f"page={len(pages) + 1}" not in pages[-1]:
            return pages


def test_the_catalogue_lists_upcoming_sessions_under_their_courses(client, demo_site):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(titles(response)) == 10  # first page
    assert re.search(r"\d+ sessions\s+dans 27 formations", html)
    assert "places restantes" in html and "Complet — liste d&#x27;attente" in html


def test_courses_are_sorted_by_their_next_date(client, demo_site):
    early = make_course("Atelier bientôt")
    make_session(early, days=(1,))
    late = make_course("Atelier plus tard")
    make_session(late, days=(119,))
    # From tomorrow: the demo has a session today in Sarcelles (the trainer's roster).
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = client.get(URL, {"ville": "Sarcelles", "du": str(tomorrow)})
    found = titles(response)
    assert found[0] == "Atelier bientôt"


def test_full_sessions_say_so_and_few_seats_are_counted(client, home_page):
    course = make_course("Atelier complet")
    venue = make_venue("Écouen")
    fill(make_session(course, venue=venue, capacity=2, days=(3,)), 2)
    fill(make_session(course, venue=venue, capacity=5, days=(4,)), 2)
    html = client.get(URL, {"ville": "Écouen"}).content.decode()
    assert "Complet — liste d&#x27;attente" in html
    assert "3 places restantes" in html


@pytest.mark.parametrize(
    ("params", "expected", "absent"),
    [
        (
            {"public": "commercants"},
            "Ouvrir sa boutique en ligne",
            "Utiliser son espace France Travail",
        ),
        (
            {"public": "artisans", "theme": "gestion"},
            "Devis et factures sur ordinateur",
            "Créer et utiliser une adresse e-mail",
        ),
        (
            {"public": "artisans", "theme": "vendre"},
            "Encaisser par carte",
            "Ouvrir sa boutique en ligne",
        ),
        (
            {"theme": "fabrication"},
            "Découvrir l&#x27;impression 3D",
            "Premiers pas sur un ordinateur",
        ),
        ({"lieu": "faclab"}, "Découpe et gravure laser", "Créer et utiliser une adresse e-mail"),
        (
            {"niveau": "avance"},
            "Prototyper ses produits au FacLab",
            "Premiers pas sur un ordinateur",
        ),
        ({"format": "distance"}, "Les appels vidéo en famille", "Premiers pas sur un ordinateur"),
        (
            {"gratuit": "on", "lieu": "faclab"},
            "Découvrir l&#x27;impression 3D",
            "Découpe et gravure laser",
        ),
        (
            {"jour": "2", "public": "commercants"},
            "Le click-and-collect",
            "Réussir un entretien en visio",
        ),
        (
            {"moment": "soir"},
            "Les réseaux sociaux pour les artisans",
            "Premiers pas sur un ordinateur",
        ),
    ],
)
def test_each_filter_narrows_the_catalogue(client, demo_site, params, expected, absent):
    # Every page of results: which courses come first depends on the dates of their
    # next sessions, so on the day the demo was seeded (a failure on 2026-11-30).
    pages = all_pages(client, params)
    assert any(expected in html for html in pages)
    assert not any(absent in html for html in pages)


def test_a_course_for_everyone_suits_every_audience(client, demo_site):
    html = client.get(URL, {"public": "demandeurs-emploi", "theme": "securite"}).content.decode()
    assert "Comprendre l&#x27;intelligence artificielle au quotidien" in html


def test_the_town_filter_keeps_only_sessions_in_that_town(client, demo_site):
    html = client.get(URL, {"ville": "Goussainville"}).content.decode()
    towns = re.findall(r'class="session-card__place">.*?<strong>([^<]+)</strong>', html)
    assert towns and set(towns) == {"Goussainville"}


def test_seats_left_hides_full_sessions(client, home_page):
    course = make_course("Atelier plein")
    fill(make_session(course, venue=make_venue("Écouen"), capacity=1, days=(3,)), 1)
    assert titles(client.get(URL, {"ville": "Écouen"})) == ["Atelier plein"]
    assert titles(client.get(URL, {"ville": "Écouen", "places": "on"})) == []


def test_accessible_venues_only(client, demo_site):
    html = client.get(URL, {"accessible": "on", "ville": "Gonesse"}).content.decode()
    assert "Aucune session ne correspond" in html  # France Services Gonesse has no lift


def test_date_range_and_weekday_filters(client, home_page):
    course = make_course("Atelier daté")
    venue = make_venue("Écouen")
    today = datetime.date.today()
    days_to_saturday = (5 - today.weekday()) % 7 + 7
    make_session(course, venue=venue, days=(days_to_saturday,))
    saturday = today + datetime.timedelta(days=days_to_saturday)
    assert "Atelier daté" in client.get(URL, {"ville": "Écouen", "jour": "7"}).content.decode()
    assert "Atelier daté" not in client.get(URL, {"ville": "Écouen", "jour": "2"}).content.decode()
    assert (
        "Atelier daté"
        in client.get(
            URL, {"ville": "Écouen", "du": str(saturday), "au": str(saturday)}
        ).content.decode()
    )
    assert (
        "Atelier daté"
        not in client.get(
            URL, {"ville": "Écouen", "du": str(saturday + datetime.timedelta(days=1))}
        ).content.decode()
    )


def test_past_and_cancelled_sessions_are_not_offered(client, home_page):
    course = make_course("Atelier passé")
    venue = make_venue("Écouen")
    make_session(course, venue=venue, days=(-3,))
    make_session(course, venue=venue, days=(5,), status="cancelled")
    assert "Atelier passé" not in client.get(URL, {"ville": "Écouen"}).content.decode()


def test_an_unpublished_course_disappears_from_the_catalogue(client, home_page):
    course = make_course("Atelier retiré")
    make_session(course, venue=make_venue("Écouen"), days=(5,))
    course.unpublish()
    assert "Atelier retiré" not in client.get(URL, {"ville": "Écouen"}).content.decode()


def test_the_empty_state_offers_the_next_dates_and_a_phone_number(client, demo_site):
    html = client.get(URL, {"ville": "Fosses", "theme": "vendre"}).content.decode()
    assert "Aucune session ne correspond à vos critères" in html
    assert 'href="tel:0199001234"' in html
    assert "Les prochaines dates, tous critères confondus" in html
    assert "Effacer les critères" in html


def test_pagination_keeps_the_filters(client, demo_site):
    html = client.get(URL, {"public": "tous"}).content.decode()
    assert "Page 1 sur" in html
    assert "?public=tous&amp;page=2" in html
    second = client.get(URL, {"public": "tous", "page": "2"})
    assert "Page 2 sur" in second.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "page=999999999999999999999",
        "page=-1",
        "page=abc",
        "du=2026-13-45",
        "du=99999-01-01",
        "au=hier",
        "du=2027-01-10&au=2026-01-01",
        "public=martiens",
        "theme=inconnu",
        "ville=Atlantis",
        "jour=9&jour=2&jour=x",
        "moment=nuit",
        "places=peut-etre",
        "public=artisans&public=commercants",
        "format=" + "x" * 5000,
        "niveau=%00",
        "lieu[]=1",
    ],
)
def test_bad_query_strings_give_a_200_page_that_says_what_was_wrong(client, demo_site, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200


def test_a_wrong_value_is_reported_next_to_its_field_and_ignored(client, demo_site):
    html = client.get(URL, {"du": "2026-13-45", "theme": "gestion"}).content.decode()
    assert "pas pu être compris" in html
    # The control is tied to its message for screen readers (and every id named exists).
    assert 'aria-invalid="true" aria-describedby="id_du_error"' in html
    assert 'id="id_du_error"' in html
    assert missing_described_ids(html) == []
    assert "Devis et factures sur ordinateur" in html  # the valid filter still applies
    backwards = client.get(URL, {"du": "2027-01-10", "au": "2026-01-01"}).content.decode()
    assert "Cette date est avant la date" in backwards


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "public",
                    "theme",
                    "ville",
                    "lieu",
                    "du",
                    "au",
                    "moment",
                    "jour",
                    "niveau",
                    "format",
                    "places",
                    "gratuit",
                    "accessible",
                    "page",
                    "autre",
                ]
            ),
            st.text(max_size=40),
        ),
        max_size=8,
    )
)
def test_any_query_string_gives_a_200_page(params, demo_site):
    response = Client(raise_request_exception=False).get(URL + "?" + urlencode(params))
    assert response.status_code == 200


def count_queries(client, url, **params):
    client.get(url, params)  # warm per-process caches (site root paths)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context.captured_queries)


def test_query_counts_do_not_grow_with_the_catalogue(client, demo_site):
    from django.contrib.auth import get_user_model

    course_url = "/formations/premiers-pas-ordinateur/"
    small = (
        count_queries(client, URL),
        count_queries(client, URL, public="tous", moment="matin"),
        count_queries(client, course_url),
    )
    trainer = get_user_model().objects.get(username="formateur")
    build_large_catalogue(
        CataloguePage.objects.get(), [trainer], courses=60, sessions=Session.objects.count() + 600
    )
    large = (
        count_queries(client, URL),
        count_queries(client, URL, public="tous", moment="matin"),
        count_queries(client, course_url),
    )
    assert large == small
    assert max(large) <= 20


@override_settings(NUMIXS_PAGE_CACHE_SECONDS=60)
def test_anonymous_pages_are_cached_until_the_catalogue_changes(client, home_page):
    course = make_course("Atelier en cache")
    session = make_session(course, venue=make_venue("Écouen"), capacity=3, days=(4,))
    first = client.get(URL, {"ville": "Écouen"})
    assert first["X-Page-Cache"] == "miss"
    assert client.get(URL, {"ville": "Écouen"})["X-Page-Cache"] == "hit"
    fill(session, 1)  # an enrolment changes the seats left: the cache is dropped
    again = client.get(URL, {"ville": "Écouen"})
    assert again["X-Page-Cache"] == "miss"
    assert "2 places restantes" in again.content.decode()
    course_page = client.get(course.url)
    assert course_page["X-Page-Cache"] == "miss"
    course.title = "Atelier renommé"
    course.save_revision().publish()
    assert "Atelier renommé" in client.get(URL, {"ville": "Écouen"}).content.decode()


@override_settings(NUMIXS_PAGE_CACHE_SECONDS=60)
def test_staff_always_see_fresh_pages(client, demo_site):
    client.login(username="coordination", password="demo-numixs")
    client.get(URL)
    assert "X-Page-Cache" not in client.get(URL)


def test_a_session_that_started_this_morning_is_no_longer_offered(client, home_page):
    from courses.models import Session

    course = make_course("Atelier déjà commencé")
    started = make_session(course, days=(0,), start=datetime.time(0, 0), end=datetime.time(23, 59))
    later = make_session(course, days=(3,))
    upcoming = set(Session.objects.upcoming().values_list("pk", flat=True))
    assert started.pk not in upcoming and later.pk in upcoming
    page = client.get(course.url).content.decode()
    assert f"/formations/inscription/{started.public_id}/" not in page
    assert f"/formations/inscription/{later.public_id}/" in page
