"""Referring partners and consent; the staff's page of a session's enrolments."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from courses.models import Enrolment, Membership, PartnerOrganisation
from courses.services.enrolment import (
    Person,
    confirm_waitlisted,
    enrol,
    move_to_top,
    move_to_waitlist,
)
from courses.services.errors import EnrolmentError
from tests.courses.factories import make_course, make_session, make_venue

pytestmark = pytest.mark.django_db

FORM = {
    "first_name": "Moussa",
    "last_name": "Okafor-Lambert",
    "phone": "06 11 22 33 44",
    "email": "",
    "town": "Garges-lès-Gonesse",
    "situation": "demandeur-emploi",
    "employment_agency_id": "",
    "website": "",
}


def person(n=0, **fields):
    data = {"first_name": "Awa", "last_name": f"Diallo{n}", "phone": f"06 12 34 56 {n:02d}"}
    data.update(fields)
    return Person(**data)


@pytest.fixture
def session(home_page):
    return make_session(
        make_course("Atelier orientation"), venue=make_venue("Goussainville"), capacity=2
    )


@pytest.fixture
def agency(db):
    return PartnerOrganisation.objects.create(
        name="France Travail Goussainville", kind="france-travail", referral_code="gous-7k"
    )


def enrol_url(session):
    return f"/formations/inscription/{session.public_id}/"


def enrolment_of(last_name):
    return Enrolment.objects.select_related("referrer").get(learner__last_name=last_name)


# --- Referring partner and consent, from the public form --------------------------------


def test_referral_codes_are_typed_loosely_and_stored_clean(agency):
    assert agency.referral_code == "GOUS7K"


def test_a_learner_names_the_partner_that_referred_them_and_consents(client, session, agency):
    response = client.post(
        enrol_url(session), {**FORM, "referrer": agency.pk, "referrer_consent": "on"}
    )
    assert response.status_code == 302
    enrolment = enrolment_of("Okafor-Lambert")
    assert enrolment.referrer == agency
    assert enrolment.referrer_consent is True and enrolment.referrer_consent_at is not None
    assert enrolment.channel == "self" and enrolment.enrolled_by is None


def test_a_referral_code_finds_the_partner_without_consent_by_default(client, session, agency):
    response = client.post(enrol_url(session), {**FORM, "referral_code": " gous 7k "})
    assert response.status_code == 302
    enrolment = enrolment_of("Okafor-Lambert")
    assert enrolment.referrer == agency
    assert enrolment.referrer_consent is False and enrolment.referrer_consent_at is None


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"referral_code": "NOPE99"}, "referral_code", "ne correspond à aucune structure"),
        ({"referrer_consent": "on"}, "referrer_consent", "choisissez la structure"),
        ({"referrer": "999999"}, "referrer", "choix valide"),
    ],
)
def test_bad_referral_input_is_explained_next_to_its_field_and_changes_nothing(
    client, session, agency, extra, field, message
):
    response = client.post(enrol_url(session), {**FORM, **extra})
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field]).lower() or message in " ".join(
        form.errors[field]
    )
    page = response.content.decode()
    assert 'value="Okafor-Lambert"' in page and 'value="06 11 22 33 44"' in page
    assert not Enrolment.objects.filter(session=session).exists()


def test_a_code_that_contradicts_the_chosen_partner_is_refused(client, session, agency):
    other = PartnerOrganisation.objects.create(name="Mission locale", referral_code="ML95")
    response = client.post(
        enrol_url(session), {**FORM, "referrer": agency.pk, "referral_code": "ml95"}
    )
    assert response.status_code == 200
    assert "autre structure" in response.context["form"].errors["referral_code"][0]
    assert not Enrolment.objects.filter(session=session).exists()
    assert other.pk


def test_inactive_partners_are_not_offered(client, session, agency):
    agency.is_active = False
    agency.save()
    page = client.get(enrol_url(session)).content.decode()
    assert "France Travail Goussainville" not in page
    response = client.post(enrol_url(session), {**FORM, "referral_code": "GOUS7K"})
    assert "ne correspond à aucune structure" in response.content.decode()


def test_consent_without_a_partner_is_meaningless_in_the_service_too(session):
    enrolment = enrol(session.pk, person(1), consent=True).enrolment
    assert enrolment.referrer is None and enrolment.referrer_consent is False


# --- Assisted enrolment -----------------------------------------------------------------


def test_a_partner_advisor_enrols_someone_for_their_own_organisation(client, session):
    client.login(username="partenaire", password="demo-numixs")
    page = client.get(enrol_url(session)).content.decode()
    assert "Vous inscrivez une autre personne" in page
    assert "France Travail Sarcelles" in page
    assert "Mission locale de Gonesse" not in page  # not theirs
    response = client.post(enrol_url(session), {**FORM, "referrer_consent": "on"})
    assert response.status_code == 200  # a receipt: the signed link is the learner's alone
    assert "Inscription enregistrée" in response.content.decode()
    enrolment = enrolment_of("Okafor-Lambert")
    assert enrolment.channel == "partner"
    assert enrolment.enrolled_by.username == "partenaire"
    assert enrolment.referrer.referral_code == "FTSARC"
    assert enrolment.referrer_consent is True


def test_a_partner_advisor_cannot_enrol_for_another_organisation(client, session):
    other = PartnerOrganisation.objects.get(referral_code="CMA95")
    client.login(username="partenaire", password="demo-numixs")
    response = client.post(enrol_url(session), {**FORM, "referrer": other.pk})
    assert response.status_code == 200
    assert "referrer" in response.context["form"].errors
    assert not Enrolment.objects.filter(session=session).exists()


def test_the_service_refuses_a_partner_user_naming_someone_elses_organisation(session):
    user = get_user_model().objects.get(username="partenaire")
    other = PartnerOrganisation.objects.get(referral_code="CMA95")
    with pytest.raises(EnrolmentError) as refused:
        enrol(session.pk, person(1), referrer=other, actor=user)
    assert refused.value.code == "referrer_not_yours"


def test_a_former_member_enrols_as_nobody_in_particular(session):
    user = get_user_model().objects.get(username="partenaire")
    Membership.objects.filter(user=user).update(ended_at="2026-01-01T00:00:00Z")
    enrolment = enrol(session.pk, person(1), actor=user).enrolment
    assert enrolment.referrer is None and enrolment.channel == "self"


def test_a_mediator_enrolment_records_who_did_it(client, session, agency):
    client.login(username="coordination", password="demo-numixs")
    response = client.post(enrol_url(session), {**FORM, "referrer": agency.pk})
    assert response.status_code == 302
    enrolment = enrolment_of("Okafor-Lambert")
    assert enrolment.channel == "staff" and enrolment.enrolled_by.username == "coordination"
    assert enrolment.referrer == agency


def test_trainers_enrol_as_mediators(session):
    trainer = get_user_model().objects.get(username="formateur")
    assert enrol(session.pk, person(1), actor=trainer).enrolment.channel == "staff"


# --- Promotion and the call list ----------------------------------------------------------


def test_a_promoted_learner_referred_by_a_partner_is_on_the_call_list(
    session, agency, django_capture_on_commit_callbacks
):
    first = enrol(session.pk, person(1)).enrolment
    enrol(session.pk, person(2))
    waiting = enrol(
        session.pk, person(3, email="awa3@example.org"), referrer=agency, consent=True
    ).enrolment
    mail.outbox.clear()
    from courses.services.enrolment import cancel

    with django_capture_on_commit_callbacks(execute=True):
        cancel(first.pk)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed" and waiting.needs_call is True
    assert [m.to for m in mail.outbox] == [["awa3@example.org"]]


# --- Staff moves between the lists ---------------------------------------------------------


def test_moving_a_confirmed_person_to_the_waiting_list_gives_the_seat_to_the_first_waiting(
    session,
):
    first = enrol(session.pk, person(1)).enrolment
    enrol(session.pk, person(2))
    waiting = enrol(session.pk, person(3, phone="01 39 00 00 03")).enrolment  # no SMS
    move_to_waitlist(first.pk)
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert (first.status, first.waitlist_position) == ("waitlisted", 2)
    assert waiting.status == "confirmed" and waiting.needs_call is True
    assert session.enrolments.confirmed().count() == 2


def test_moving_to_the_waiting_list_with_nobody_waiting_is_refused(session):
    first = enrol(session.pk, person(1)).enrolment
    with pytest.raises(EnrolmentError) as refused:
        move_to_waitlist(first.pk)
    assert refused.value.code == "nobody_waiting"
    first.refresh_from_db()
    assert first.status == "confirmed"


def test_confirming_from_the_waiting_list_needs_a_free_seat(session):
    enrol(session.pk, person(1))
    enrol(session.pk, person(2))
    waiting = enrol(session.pk, person(3)).enrolment
    with pytest.raises(EnrolmentError) as refused:
        confirm_waitlisted(waiting.pk)
    assert refused.value.code == "session_full"
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"


def test_putting_someone_first_in_line_then_freeing_a_seat_gives_it_to_them(session):
    first = enrol(session.pk, person(1)).enrolment
    enrol(session.pk, person(2))
    enrol(session.pk, person(3))
    enrol(session.pk, person(4))
    last = enrol(session.pk, person(5)).enrolment
    move_to_top(last.pk)
    assert [e.learner.last_name for e in session.enrolments.waitlisted()] == [
        "Diallo5",
        "Diallo3",
        "Diallo4",
    ]
    from courses.services.enrolment import cancel

    cancel(first.pk)
    last.refresh_from_db()
    assert last.status == "confirmed"


def test_more_seats_go_to_the_people_waiting_in_order(session):
    for n in range(1, 6):
        enrol(session.pk, person(n))
    session.capacity = 4
    session.save()
    statuses = dict(session.enrolments.values_list("learner__last_name", "status"))
    assert [statuses[f"Diallo{n}"] for n in range(1, 6)] == ["confirmed"] * 4 + ["waitlisted"]


def test_capacity_cannot_drop_below_the_confirmed_seats(session):
    from django.core.exceptions import ValidationError

    enrol(session.pk, person(1))
    enrol(session.pk, person(2))
    session.capacity = 1
    with pytest.raises(ValidationError) as invalid:
        session.full_clean()
    assert "capacity" in invalid.value.message_dict


# --- The session's enrolments page in the admin --------------------------------------------


def page_url(session):
    return f"/admin/snippets/courses/session/{session.pk}/inscriptions/"


def test_staff_see_both_lists_with_contacts_and_referrers(client, session, agency):
    enrol(session.pk, person(1, email="awa1@example.org"), referrer=agency, consent=True)
    enrol(session.pk, person(2))
    enrol(session.pk, person(3))
    client.login(username="coordination", password="demo-numixs")
    response = client.get(page_url(session))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Places confirmées (2)" in page and "Liste d'attente (1)" in page
    assert "awa1@example.org" in page and 'href="tel:0612345602"' in page
    assert "France Travail Goussainville" in page and "accord de suivi donné" in page
    assert f"?session={session.pk}&amp;export=csv" in page
    # The attendance sheet, from the session's page (a coordinator reaches every sheet).
    sheet = f"/formateur/session/{session.pk}/emargement.pdf"
    assert f'href="{sheet}"' in page
    assert client.get(sheet)["Content-Type"] == "application/pdf"


def test_staff_cancel_after_a_confirmation_step_and_the_seat_moves_on(client, session):
    first = enrol(session.pk, person(1)).enrolment
    enrol(session.pk, person(2))
    waiting = enrol(session.pk, person(3)).enrolment
    client.login(username="coordination", password="demo-numixs")
    asked = client.post(page_url(session), {"action": "cancel", "enrolment": first.pk})
    assert asked.status_code == 200 and "Oui, annuler" in asked.content.decode()
    first.refresh_from_db()
    assert first.status == "confirmed"
    done = client.post(
        page_url(session), {"action": "cancel", "enrolment": first.pk, "confirmed": "1"}
    )
    assert done.status_code == 302
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == "cancelled" and first.cancelled_by.username == "coordination"
    assert waiting.status == "confirmed"
    followed = client.get(done.url).content.decode()
    assert "Diallo1" in followed and "est annulée" in followed


def test_staff_moves_report_refusals_in_plain_words(client, session):
    first = enrol(session.pk, person(1)).enrolment
    client.login(username="coordination", password="demo-numixs")
    response = client.post(
        page_url(session), {"action": "to_waitlist", "enrolment": first.pk}, follow=True
    )
    assert "Personne n&#x27;attend de place" in response.content.decode()
    first.refresh_from_db()
    assert first.status == "confirmed"


def test_staff_clear_the_call_list(client, session):
    first = enrol(session.pk, person(1)).enrolment
    enrol(session.pk, person(2))
    waiting = enrol(session.pk, person(3, phone="01 39 00 00 03")).enrolment  # no SMS
    client.login(username="coordination", password="demo-numixs")
    client.post(page_url(session), {"action": "cancel", "enrolment": first.pk, "confirmed": "1"})
    waiting.refresh_from_db()
    assert waiting.needs_call
    client.post(page_url(session), {"action": "called", "enrolment": waiting.pk})
    waiting.refresh_from_db()
    assert not waiting.needs_call


@pytest.mark.parametrize(
    "data",
    [
        {"action": "explode", "enrolment": "1"},
        {"action": "cancel", "enrolment": "abc"},
        {"action": "cancel"},
        {},
    ],
)
def test_nonsense_posts_change_nothing_and_never_fail(client, session, data):
    enrolment = enrol(session.pk, person(1)).enrolment
    client.login(username="coordination", password="demo-numixs")
    response = client.post(page_url(session), data)
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == "confirmed"


def test_an_enrolment_of_another_session_is_not_reachable_from_this_one(client, session):
    other = make_session(make_course("Autre atelier"), capacity=3)
    theirs = enrol(other.pk, person(9)).enrolment
    client.login(username="coordination", password="demo-numixs")
    response = client.post(
        page_url(session), {"action": "cancel", "enrolment": theirs.pk, "confirmed": "1"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "confirmed"


@pytest.mark.parametrize("username", ["formateur", "partenaire", None])
def test_outsiders_reach_neither_the_page_nor_its_actions(client, session, username):
    enrolment = enrol(session.pk, person(1)).enrolment
    if username:
        client.login(username=username, password="demo-numixs")
    assert client.get(page_url(session)).status_code == 302
    client.post(
        page_url(session), {"action": "cancel", "enrolment": enrolment.pk, "confirmed": "1"}
    )
    enrolment.refresh_from_db()
    assert enrolment.status == "confirmed"
    assert "Diallo1" not in client.get(page_url(session), follow=True).content.decode()


def test_enrolment_records_cannot_be_edited_raw_in_the_admin(client, session):
    enrolment = enrol(session.pk, person(1)).enrolment
    client.login(username="admin", password="demo-numixs")
    edit = client.get(f"/admin/snippets/courses/enrolment/edit/{enrolment.pk}/")
    assert edit.status_code in (302, 403)
    listing = client.get("/admin/snippets/courses/enrolment/")
    assert listing.status_code == 200


def test_the_session_list_links_to_each_sessions_enrolments(client, session):
    client.login(username="coordination", password="demo-numixs")
    listing = client.get("/admin/snippets/courses/session/", {"course": session.course_id})
    assert page_url(session) in listing.content.decode()
    edit = client.get(f"/admin/snippets/courses/session/edit/{session.pk}/")
    assert page_url(session) in edit.content.decode()


def test_coordinators_manage_partner_organisations(client):
    client.login(username="coordination", password="demo-numixs")
    listing = client.get("/admin/snippets/certificates/partnerorganisation/")
    assert listing.status_code == 200
    assert "France Travail Sarcelles" in listing.content.decode()
    found = client.get("/admin/snippets/certificates/partnerorganisation/", {"q": "métiers"})
    assert "Chambre de métiers" in found.content.decode()
    assert "France Travail Sarcelles" not in found.content.decode()


def test_one_address_posting_too_often_is_slowed_down_with_a_clear_message(
    client, session, settings
):
    settings.NUMIXS_ENROL_RATE_LIMIT = 3
    for n in range(3):
        data = {**FORM, "last_name": f"Rapide{n}", "phone": f"06 11 22 33 0{n}"}
        assert client.post(enrol_url(session), data).status_code == 302
    refused = client.post(enrol_url(session), {**FORM, "last_name": "Rapide9"})
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Trop de demandes" in page and 'value="Rapide9"' in page
    assert not Enrolment.objects.filter(learner__last_name="Rapide9").exists()


def test_an_enrolments_link_is_the_same_whenever_it_is_made(session):
    """The page, the e-mail and the reminder give the learner one address to keep."""
    from unittest import mock

    from courses.links import enrolment_from_token, manage_url

    enrolment = enrol(session.pk, person(1)).enrolment
    with mock.patch("time.time", return_value=1_800_000_000):
        first = manage_url(enrolment)
    with mock.patch("time.time", return_value=1_800_000_007):
        later = manage_url(enrolment)
    assert first == later
    assert enrolment_from_token(first.rstrip("/").rsplit("/", 1)[1]) == enrolment


def test_the_csv_export_reads_cleanly_in_french_excel_and_runs_no_formula(client, session, agency):
    import csv
    import io

    enrol(
        session.pk,
        person(1, first_name='=HYPERLINK("http://x")', email="a@example.org"),
        referrer=agency,
        consent=True,
    )
    client.login(username="coordination", password="demo-numixs")
    export = client.get(
        "/admin/snippets/courses/enrolment/", {"session": session.pk, "export": "csv"}
    )
    body = b"".join(export.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 1
    row = rows[0]
    assert row["Prénom"].startswith("'=")  # shown as text, never run
    assert row["Statut"] == "Confirmée"
    assert row["Accord de suivi"] == "oui" and row["À appeler"] == "non"
    assert row["Orientée par"] == "France Travail Goussainville"
    assert row["Origine"] == "Inscription en ligne par la personne"
    day, hour = row["Inscrit le"].split(" ")
    assert len(day.split("/")) == 3 and len(hour.split(":")) == 2
