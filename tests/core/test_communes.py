"""A commune's INSEE code from what a person or a venue gave: postcode, town, or both."""

import pytest

from core.communes import find, insee_code
from courses.models import Learner


def test_a_postcode_of_one_commune_is_enough():
    assert insee_code("95200") == "95585"  # Sarcelles
    assert insee_code("95200", "Sarcelle") == "95585"  # a typo in the name: the postcode wins


def test_a_shared_postcode_needs_the_town():
    assert insee_code("95380") == ""  # Louvres, Puiseux-en-France…
    assert insee_code("95380", "Louvres") == "95351"
    assert insee_code("95380", "puiseux en france") == find("95380", "Puiseux-en-France").insee_code


def test_a_town_alone_written_as_people_write_it():
    assert insee_code(town="St Brice sous foret") == insee_code(town="Saint-Brice-sous-Forêt")
    assert insee_code(town="Saint-Brice-sous-Forêt") != ""


def test_elsewhere_the_code_stays_empty():
    assert insee_code("75011", "Paris") == ""
    assert insee_code("", "") == ""


@pytest.mark.django_db
def test_a_learner_gets_the_code_on_every_save(home_page):
    learner = Learner.objects.create(
        first_name="Lina", last_name="Code", postcode="95190", town="Goussainville"
    )
    assert learner.insee_code == "95280"
    learner.postcode, learner.town = "95380", "Louvres"
    learner.save(update_fields=["postcode", "town"])
    learner.refresh_from_db()
    assert learner.insee_code == "95351"
