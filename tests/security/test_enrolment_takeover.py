"""Finding 1: a stranger who knows a learner's name and phone takes nothing over.

Before: an anonymous POST with an existing learner's first name, last name and
phone redirected to that learner's own signed management link (`?deja=1`) and
overwrote their stored e-mail and town.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from wagtail.models import ModelLogEntry

from courses.links import manage_url
from courses.models import Enrolment, Learner, PartnerOrganisation
from courses.services.enrolment import Person, enrol, withdraw_referrer_consent
from courses.services.errors import EnrolmentError
from courses.services.learners import merge
from tests.courses.factories import make_course, make_session, make_venue

pytestmark = pytest.mark.django_db

VICTIM = {
    "first_name": "Awa",
    "last_name": "Victime",
    "phone": "06 12 34 56 78",
    "email": "awa@example.org",
    "town": "Louvres",
}


@pytest.fixture
def session(home_page):
    return make_session(make_course("Atelier confiance"), venue=make_venue("Goussainville"))


@pytest.fixture
def victim(session):
    return enrol(session.pk, Person(**VICTIM)).enrolment


def stranger_post(client, session, **fields):
    data = {
        "first_name": "awa",
        "last_name": "VICTIME",
        "phone": "0612345678",
        "email": "stranger@example.net",
        "town": "Paris",
        "situation": "autre",
    }
    data.update(fields)
    return client.post(f"/formations/inscription/{session.public_id}/", data)


def test_the_same_name_and_phone_neither_reveal_nor_change_the_enrolment(
    client, session, victim, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = stranger_post(client, session)
    page = response.content.decode()
    assert response.status_code == 200, "no redirect to anybody's link"
    assert "Une inscription existe déjà pour ces coordonnées" in page
    assert str(victim.public_id) not in page and manage_url(victim) not in page
    assert "awa@example.org" not in page and "Louvres" not in page
    learner = Learner.objects.get(pk=victim.learner_id)
    assert (learner.email, learner.town) == ("awa@example.org", "Louvres")
    # The link goes again to the address on file, not to the stranger.
    assert [message.to for message in mail.outbox] == [["awa@example.org"]]
    assert manage_url(victim) in mail.outbox[0].body
    # Asking again within the hour sends nothing more (no mail bombing).
    with django_capture_on_commit_callbacks(execute=True):
        stranger_post(client, session)
    assert len(mail.outbox) == 1
    assert Enrolment.objects.filter(session=session).count() == 1


def test_a_phone_only_learner_gets_the_link_by_sms_on_the_number_on_file(
    client, session, sms_outbox, django_capture_on_commit_callbacks
):
    enrolment = enrol(session.pk, Person("Moussa", "Sansmail", phone="07 00 00 00 01")).enrolment
    sms_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = stranger_post(
            client,
            session,
            first_name="Moussa",
            last_name="Sansmail",
            phone="0700000001",
            email="",
        )
    body = response.content.decode()
    assert "Une inscription existe déjà" in body and enrolment.short_token not in body
    assert [sent.to for sent in sms_outbox] == ["07 00 00 00 01"]
    assert f"/i/{enrolment.short_token}" in sms_outbox[0].text


def test_a_landline_only_learner_is_called_back_instead(client, session):
    enrolment = enrol(session.pk, Person("Moussa", "Fixe", phone="01 39 00 00 01")).enrolment
    response = stranger_post(
        client, session, first_name="Moussa", last_name="Fixe", phone="0139000001", email=""
    )
    assert "Une inscription existe déjà" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.needs_call, "staff phone the number on file to give the link again"


def test_another_session_with_other_details_gets_a_new_flagged_record(client, home_page, victim):
    other = make_session(make_course("Atelier deux"), venue=make_venue("Roissy"))
    response = stranger_post(client, other)
    assert response.status_code == 302
    new = Learner.objects.exclude(pk=victim.learner_id).get(last_name__iexact="victime")
    assert new.duplicate_of_id == victim.learner_id
    assert new.email == "stranger@example.net"
    assert Learner.objects.get(pk=victim.learner_id).email == "awa@example.org"
    # The stranger's link shows only the stranger's own enrolment.
    page = client.get(response["Location"]).content.decode()
    assert "awa@example.org" not in page and "Atelier confiance" not in page


def test_the_same_details_typed_again_reuse_the_record(home_page, victim):
    other = make_session(make_course("Atelier trois"), venue=make_venue("Roissy"))
    result = enrol(other.pk, Person(**VICTIM))
    assert result.created and result.enrolment.learner_id == victim.learner_id
    assert not Learner.objects.filter(duplicate_of=victim.learner_id).exists()


def test_staff_merge_keeps_every_enrolment_and_chooses_the_details(home_page, victim):
    other = make_session(make_course("Atelier quatre"), venue=make_venue("Roissy"))
    second = enrol(other.pk, Person(**{**VICTIM, "email": "nouvelle@example.org"})).enrolment
    duplicate = second.learner
    assert duplicate.duplicate_of_id == victim.learner_id
    staff = get_user_model().objects.get(username="coordination")
    kept = merge(victim.learner_id, duplicate.pk, take=["email"], actor=staff)
    assert kept.email == "nouvelle@example.org" and kept.town == "Louvres"
    assert set(kept.enrolments.values_list("pk", flat=True)) == {victim.pk, second.pk}
    assert not Learner.objects.filter(pk=duplicate.pk).exists()
    entry = ModelLogEntry.objects.filter(action="numixs.learner.merge").get()
    assert entry.user == staff and entry.object_id == str(kept.pk)


def test_merging_two_enrolments_in_one_session_is_refused_and_changes_nothing(session, victim):
    twin = Learner.objects.create(first_name="Awa", last_name="Victime", phone="06 99 99 99 99")
    Enrolment.objects.create(session=session, learner=twin)
    with pytest.raises(EnrolmentError) as refused:
        merge(victim.learner_id, twin.pk)
    assert refused.value.code == "merge_same_session"
    assert Learner.objects.filter(pk=twin.pk).exists()


def test_the_merge_page_in_the_admin(client, home_page, victim):
    other = make_session(make_course("Atelier cinq"), venue=make_venue("Roissy"))
    duplicate = enrol(other.pk, Person(**{**VICTIM, "town": "Villiers-le-Bel"})).enrolment.learner
    client.force_login(get_user_model().objects.get(username="coordination"))
    listing = client.get("/admin/snippets/courses/learner/?possible_duplicate=true").content
    assert "Doublon possible : vérifier".encode() in listing
    url = f"/admin/snippets/courses/learner/{duplicate.pk}/fusionner/"
    page = client.get(url).content.decode()
    assert "Villiers-le-Bel" in page and "Louvres" in page
    response = client.post(url, {"action": "merge", "field-town": "duplicate"})
    assert response.status_code == 302
    kept = Learner.objects.get(pk=victim.learner_id)
    assert kept.town == "Villiers-le-Bel" and kept.enrolments.count() == 2


def test_outsiders_cannot_open_the_merge_page(client, home_page, victim):
    other = make_session(make_course("Atelier six"), venue=make_venue("Roissy"))
    duplicate = enrol(other.pk, Person(**{**VICTIM, "town": "Fosses"})).enrolment.learner
    url = f"/admin/snippets/courses/learner/{duplicate.pk}/fusionner/"
    assert client.post(url, {"action": "merge"}).status_code == 302  # to the login page
    client.force_login(get_user_model().objects.get(username="formateur"))
    assert client.post(url, {"action": "merge"}).status_code in (302, 403)
    assert Learner.objects.filter(pk=duplicate.pk).exists()


@pytest.fixture
def partner_world(session):
    organisation = PartnerOrganisation.objects.filter(is_active=True).first()
    member = organisation.memberships.filter(ended_at__isnull=True).first().user
    return organisation, member


def test_a_partner_cannot_give_back_a_withdrawn_consent(home_page, session, partner_world):
    organisation, member = partner_world
    person = Person(**VICTIM)
    first = enrol(session.pk, person, referrer=organisation, consent=True, actor=member)
    withdraw_referrer_consent(first.enrolment.pk)
    other = make_session(make_course("Atelier sept"), venue=make_venue("Roissy"))
    with pytest.raises(EnrolmentError) as refused:
        enrol(other.pk, person, referrer=organisation, consent=True, actor=member)
    assert refused.value.code == "consent_withdrawn"
    assert not Enrolment.objects.filter(session=other).exists()
    # The public form (anyone may fill it) records no consent either…
    again = enrol(other.pk, person, referrer=organisation, consent=True).enrolment
    assert not again.referrer_consent


def test_the_learner_gives_consent_back_from_their_own_link(client, session, partner_world):
    organisation, member = partner_world
    enrolment = enrol(session.pk, Person(**VICTIM), referrer=organisation, consent=True).enrolment
    withdraw_referrer_consent(enrolment.pk)
    page = client.get(manage_url(enrolment)).content.decode()
    assert "J&#x27;accepte que" in page or "J'accepte que" in page
    response = client.post(manage_url(enrolment), {"action": "consent"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.referrer_consent and enrolment.referrer_consent_withdrawn_at is None


def test_a_partner_enrolling_someone_gets_a_receipt_not_the_learners_link(client, session):
    client.force_login(get_user_model().objects.get(username="partenaire"))
    response = client.post(
        f"/formations/inscription/{session.public_id}/",
        {
            "first_name": "Inès",
            "last_name": "Orientée",
            "phone": "0611111111",
            "town": "Sarcelles",
            "situation": "demandeur-emploi",
            "referrer_consent": "on",
        },
    )
    assert response.status_code == 200
    enrolment = Enrolment.objects.get(learner__last_name="Orientée")
    page = response.content.decode()
    assert "Inscription enregistrée" in page
    assert str(enrolment.public_id) not in page and "/mon-inscription/" not in page
