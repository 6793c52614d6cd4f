"""/recherche/ as people use it: results, filters, empty state, suggestions, editors' tools."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from courses.models import CoursePage
from search.models import Synonym, ZeroResultQuery

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get(reverse("search:results"), params)
    assert response.status_code == 200
    return response.content.decode()


def titles(page):
    """The titles of the results (not the suggestions of an empty page)."""
    return [
        re.sub(r"<[^>]+>", "", title)
        for title in re.findall(r'class="course-card__title"><a href="[^"]*">(.*?)</a>', page)
    ]


def test_results_show_highlighted_words_next_sessions_and_seats(client, home_page):
    page = search(client, q="démarches en ligne")
    assert "Faire ses <mark>démarches</mark> en <mark>ligne</mark>" in page
    assert "session-card" in page and "seats" in page
    assert "Prochaines sessions" in page


def test_accents_plurals_and_prefixes_find_the_same_course(client, home_page):
    for query in ("demarches", "démarche", "DEMARCHES", "démar"):
        assert "Faire ses" in search(client, q=query), query


def test_a_typo_is_corrected_and_offered_back(client, home_page):
    page = search(client, q="factrue")
    assert "Devis et" in page
    assert "Vous vouliez peut-être dire" in page and "facture" in page


def test_content_pages_are_found_too(client, home_page):
    page = search(client, q="accessibilité")
    assert "Page d&#x27;information" in page or "Page d'information" in page


def test_filters_keep_only_courses_with_a_matching_session(client, home_page):
    first = "Premiers pas sur un ordinateur"
    assert first in titles(search(client, q="ordinateur"))
    assert titles(search(client, q="ordinateur", du="2099-01-01")) == []
    assert "Devis et factures sur ordinateur" in titles(
        search(client, q="ordinateur", public="artisans")
    )
    assert "Qui sommes-nous" not in titles(search(client, q="numixs", public="artisans"))


def test_a_filter_that_cannot_be_read_is_reported_and_ignored(client, home_page):
    page = search(client, q="ordinateur", ville="Commune-inexistante", du="31/02/2026")
    assert "Certains critères n'ont pas pu être compris" in page
    assert "Premiers pas sur un ordinateur" in titles(page)


def test_pagination(client, home_page):
    page = search(client, q="en ligne")
    assert 'rel="next"' in page
    second = search(client, q="en ligne", page=2)
    assert "Page 2 sur" in second


def test_empty_results_help_and_are_counted_for_editors(client, home_page):
    page = search(client, q="plomberie sanitaire")
    assert "Aucun résultat pour « plomberie sanitaire »" in page
    assert "Appeler le" in page
    assert "Les formations les plus demandées" in page
    search(client, q="Plomberie  sanitaire")
    record = ZeroResultQuery.objects.get(query="plomberie sanitaire")
    assert record.count == 2


def test_a_synonym_added_by_editors_applies_at_once(client, home_page):
    assert "Encaisser par carte" not in search(client, q="sumup")
    Synonym.objects.create(term="SumUp", expansion="paiement sans contact")
    assert "Encaisser par carte" in search(client, q="sumup")


def test_promoted_results_come_first(client, home_page):
    course = CoursePage.objects.get(slug="tableur-gestion")
    SearchPromotion.objects.create(
        query=Query.get("bilan comptable"),
        page=course,
        description="Pour tenir ses comptes.",
        sort_order=0,
    )
    page = search(client, q="bilan comptable")
    assert "Recommandé" in page and "Un tableur pour suivre son activité" in page
    assert not ZeroResultQuery.objects.filter(query="bilan comptable").exists()


def test_suggestions_are_course_titles_as_json(client, home_page):
    response = client.get(reverse("search:suggestions"), {"q": "ordi"})
    data = response.json()
    titles = [result["title"] for result in data["results"]]
    assert "Premiers pas sur un ordinateur" in titles
    assert len(titles) <= 6
    assert all(result["url"].startswith("/formations/") for result in data["results"])
    assert client.get(reverse("search:suggestions"), {"q": ""}).json()["results"] == []


def test_the_header_box_is_on_every_public_page(client, home_page):
    for url in ("/", "/formations/", "/qui-sommes-nous/", reverse("search:results")):
        page = client.get(url).content.decode()
        assert 'role="search"' in page and 'name="q"' in page, url


def test_editors_see_the_searches_that_found_nothing(client, home_page):
    ZeroResultQuery.objects.create(query="soudure a l arc", count=7)
    client.force_login(get_user_model().objects.get(username="coordination"))
    response = client.get(reverse("wagtailsnippets_search_zeroresultquery:list"))
    assert response.status_code == 200
    assert "soudure a l arc" in response.content.decode()
    assert client.get(reverse("wagtailsnippets_search_synonym:add")).status_code == 200
    # Nobody adds or edits a record by hand.
    assert client.get(reverse("wagtailsnippets_search_zeroresultquery:add")).status_code in (
        302,
        403,
        404,
    )


@pytest.mark.parametrize("username", ["formateur", "partenaire", "apprenant"])
def test_outsiders_reach_no_search_admin(client, home_page, username):
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(reverse("wagtailsnippets_search_zeroresultquery:list"))
    assert response.status_code in (302, 403)


ANYTHING = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "x" * 5000,
            "' OR 1=1 --",
            '"; DROP TABLE search_synonym; --',
            "<script>alert(1)</script>",
            "ordi*",
            "AND OR NOT",
            '"unbalanced',
            "NEAR(a b)",
            "a:b",
            "\x00\x01\x1b[31m",
            "👩‍💻 ordinateur 🚀",
            "é" * 300,
            "-ordinateur",
            "^ordi",
            "(",
        ]
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=ANYTHING)
def test_any_query_gives_a_page_never_a_500(client, home_page, query):
    response = client.get(reverse("search:results"), {"q": query})
    assert response.status_code == 200
    assert client.get(reverse("search:suggestions"), {"q": query}).status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body


def test_a_course_published_later_is_found_at_once_even_by_its_first_letters(client, home_page):
    from tests.courses.factories import make_course

    assert titles(search(client, q="menuis")) == []  # fills the cached vocabulary
    make_course("Menuiserie numérique", slug="menuiserie-numerique", summary="Découper du bois.")
    assert "Menuiserie numérique" in titles(search(client, q="menuis"))
    assert "Menuiserie numérique" in titles(search(client, q="menuiseries"))


def test_only_the_best_results_are_kept_and_the_page_says_so(client, home_page, monkeypatch):
    from search import services

    monkeypatch.setattr(services, "MAX_RESULTS", 3)
    page = search(client, q="en ligne")
    assert len(titles(page)) <= 6
    assert "meilleurs résultats pour « en ligne »" in page
