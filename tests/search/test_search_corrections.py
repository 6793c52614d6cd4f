"""Search corrections: "did you mean" only for real typos, and typos of synonyms tolerated.

A word editors defined as a synonym ("excel" → "tableur") is not a typo, even
when the catalogue never uses it; a misspelt synonym ("exel", "facebok") finds
what the synonym finds, its target first. On SQLite and PostgreSQL alike.
"""

import re

import pytest
from django.urls import reverse

from search.models import Synonym

pytestmark = pytest.mark.django_db

DID_YOU_MEAN = "Vous vouliez peut-être dire"
TABLEUR = "Un tableur pour suivre son activité"
SOCIAL_NETWORKS = {
    "Les réseaux sociaux pour les artisans",
    "Animer sa boutique sur les réseaux sociaux",
}


def search(client, query):
    response = client.get(reverse("search:results"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def titles(page):
    """The titles of the results, best first."""
    return [
        re.sub(r"<[^>]+>", "", title)
        for title in re.findall(r'class="course-card__title"><a href="[^"]*">(.*?)</a>', page)
    ]


def offered(page):
    """The correction the page offers ("did you mean"), or None."""
    found = re.search(r'class="did-you-mean">[^<]*<a href="[^"]*">([^<]*)</a>', page)
    return found and found.group(1)


@pytest.mark.parametrize(
    ("query", "first"),
    [("excel", TABLEUR), ("mel", "Créer et utiliser une adresse e-mail")],
)
def test_a_synonym_with_good_results_is_not_corrected(client, home_page, query, first):
    """Neither word is in the catalogue: "excel" was offered "celles", "mel" "ameli"."""
    page = search(client, query)
    assert titles(page)[0] == first
    assert DID_YOU_MEAN not in page


@pytest.mark.parametrize(("typo", "word"), [("exel", "excel"), ("facebok", "facebook")])
def test_a_misspelt_synonym_finds_the_same_courses(client, home_page, typo, word):
    right, wrong = search(client, word), search(client, typo)
    assert titles(right), word
    assert set(titles(wrong)) == set(titles(right)), typo
    assert offered(wrong) == word
    assert offered(right) is None


def test_a_misspelt_synonym_ranks_its_target_first(client, home_page):
    assert titles(search(client, "exel"))[0] == TABLEUR
    assert set(titles(search(client, "facebok"))[:2]) == SOCIAL_NETWORKS


def test_a_typo_in_a_synonym_editors_just_added_is_tolerated(client, home_page):
    assert titles(search(client, "somup")) == []
    Synonym.objects.create(term="SumUp", expansion="paiement sans contact")
    page = search(client, "somup")
    assert titles(page)[0] == "Encaisser par carte et sans contact"
    assert offered(page) == "sumup"


def test_a_misspelt_multi_word_synonym_is_tolerated(client, home_page):
    page = search(client, "gogle maps")
    assert titles(page)[0] == "Être visible sur les cartes en ligne"
    assert set(titles(page)) == set(titles(search(client, "google maps")))
    assert offered(page) == "google maps"


def test_a_real_typo_is_still_offered_back(client, home_page):
    page = search(client, "factrue")
    assert titles(page)[0] == "Devis et factures sur ordinateur"
    assert offered(page) == "factures"
