"""The enrolment form guides: one contact group, the situation from the tile, an error
summary that lists and links each error, specific messages, hints and errors tied to
their controls (RGAA 11.10)."""

import re

import pytest

from courses.models import Enrolment
from tests.courses.factories import make_course, make_session, make_venue
from tests.described import missing_described_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(home_page):
    return make_session(
        make_course("Atelier formulaire"), venue=make_venue("Sarcelles"), capacity=3, days=(5, 6)
    )


def url(session):
    return f"/formations/inscription/{session.public_id}/"


def test_the_situation_comes_from_the_tile_and_nothing_is_pre_ticked_otherwise(client, session):
    from_tile = client.get(url(session), {"public": "demandeurs-emploi"}).content.decode()
    assert re.search(r'value="demandeur-emploi"[^>]*checked', from_tile)
    plain = client.get(url(session)).content.decode()
    assert "checked" not in plain
    unknown = client.get(url(session), {"public": "<script>"}).content.decode()
    assert "checked" not in unknown


def test_phone_and_email_are_one_group_and_neither_says_optional(client, session):
    html = client.get(url(session)).content.decode()
    group = html[html.index("Comment vous joindre") : html.index('name="email"')]
    assert "l&#x27;un des deux suffit" in group or "l'un des deux suffit" in group
    assert "facultatif" not in group
    assert missing_described_ids(html) == []


def test_an_empty_form_lists_every_error_with_a_link_to_its_field(client, session):
    response = client.post(url(session), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Erreur : " in html
    start = html.index("data-error-summary")
    summary = html[start : html.index("</ul>", start)]
    assert "5 informations sont à corriger" in html
    for target, message in [
        ("id_first_name", "Indiquez votre prénom."),
        ("id_last_name", "Indiquez votre nom de famille."),
        ("id_phone", "Indiquez un numéro de téléphone ou une adresse e-mail"),
        ("id_town", "Indiquez votre commune ou votre code postal."),
        ("id_situation_0", "Choisissez votre situation."),
    ]:
        assert f'href="#{target}"' in summary
        assert message in summary
    assert "Champ requis" not in html and "Ce champ est obligatoire" not in html
    assert not Enrolment.objects.filter(session=session).exists()


def test_each_control_is_described_by_its_real_hint_and_error(client, session):
    html = client.post(
        url(session), {"first_name": "Awa", "phone": "12", "situation": "autre"}
    ).content.decode()
    assert missing_described_ids(html) == []
    phone = re.search(r"<input[^>]*name=\"phone\"[^>]*>", html).group(0)
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in phone
    assert 'aria-invalid="true"' in phone
    assert 'id="id_phone_helptext"' in html and 'id="id_phone_error"' in html
    # A valid field is not marked invalid, and keeps what was typed.
    first = re.search(r"<input[^>]*name=\"first_name\"[^>]*>", html).group(0)
    assert "aria-invalid" not in first and 'value="Awa"' in first
    # The radio group carries its error on the fieldset.
    assert 'aria-describedby=" id_situation_error"' not in html
