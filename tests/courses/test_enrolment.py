import datetime
import threading

import pytest
from django.core import mail
from django.db import connections
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.forms import normalise_french_phone
from courses.links import enrolment_from_token, manage_url
from courses.models import Enrolment, Learner
from courses.services.enrolment import Person, cancel, enrol
from courses.services.errors import EnrolmentError
from tests.courses.factories import make_course, make_session, make_venue

pytestmark = pytest.mark.django_db


def person(n=0, **fields):
    data = {"first_name": "Awa", "last_name": f"Diallo{n}", "phone": f"06 12 34 56 {n:02d}"}
    data.update(fields)
    return Person(**data)


@pytest.fixture
def session(home_page):
    return make_session(
        make_course("Atelier inscription"), venue=make_venue("Écouen"), capacity=2, days=(5, 6)
    )


def test_enrolling_takes_a_seat_then_the_waiting_list_in_order(session):
    first = enrol(session.pk, person(1)).enrolment
    second = enrol(session.pk, person(2)).enrolment
    third = enrol(session.pk, person(3)).enrolment
    fourth = enrol(session.pk, person(4)).enrolment
    assert [e.status for e in (first, second)] == ["confirmed", "confirmed"]
    assert (third.status, third.waitlist_position) == ("waitlisted", 1)
    assert (fourth.status, fourth.waitlist_position) == ("waitlisted", 2)


def test_the_same_person_twice_gets_the_existing_enrolment(session):
    first = enrol(session.pk, person(1, email="awa@example.org"))
    again = enrol(session.pk, person(1, phone="", email="AWA@example.org"))
    assert again.created is False and again.enrolment.pk == first.enrolment.pk
    assert Enrolment.objects.filter(session=session).count() == 1
    assert Learner.objects.filter(last_name="Diallo1").count() == 1


def test_enrolment_closes_when_the_session_starts_or_is_cancelled(session):
    later = timezone.now() + datetime.timedelta(days=10)
    with pytest.raises(EnrolmentError) as started:
        enrol(session.pk, person(1), now=later)
    assert started.value.code == "enrolment_closed"
    session.status = "cancelled"
    session.save()
    with pytest.raises(EnrolmentError) as cancelled:
        enrol(session.pk, person(2))
    assert cancelled.value.code == "enrolment_closed"
    assert not Enrolment.objects.filter(session=session).exists()


def test_cancelling_frees_the_seat_for_the_first_person_waiting(
    session, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    confirmed = enrol(session.pk, person(1)).enrolment
    enrol(session.pk, person(2))
    waiting = enrol(session.pk, person(3, email="lea@example.org")).enrolment
    enrol(session.pk, person(4))
    with django_capture_on_commit_callbacks(execute=True):
        cancel(confirmed.pk)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed" and waiting.promoted_at is not None
    assert waiting.needs_call is False
    assert session.enrolments.confirmed().count() == 2
    assert any("Une place s'est libérée" in message.subject for message in mail.outbox)


def test_a_promoted_learner_no_message_reaches_goes_on_the_call_list(session):
    confirmed = enrol(session.pk, person(1)).enrolment
    enrol(session.pk, person(2))
    waiting = enrol(session.pk, person(3, phone="01 39 00 00 03")).enrolment  # a landline
    cancel(confirmed.pk)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed" and waiting.needs_call is True


def test_a_promoted_learner_with_a_mobile_gets_an_sms_and_no_call(
    session, sms_outbox, django_capture_on_commit_callbacks
):
    confirmed = enrol(session.pk, person(1)).enrolment
    enrol(session.pk, person(2))
    waiting = enrol(session.pk, person(3)).enrolment  # a mobile, no e-mail
    sms_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel(confirmed.pk)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed" and waiting.needs_call is False
    assert [sent.to for sent in sms_outbox] == ["06 12 34 56 03"]
    assert "une place s'est libérée" in sms_outbox[0].text
    assert waiting.reference in sms_outbox[0].text


def test_cancelling_twice_is_harmless_and_a_learner_cannot_cancel_once_started(session):
    enrolment = enrol(session.pk, person(1)).enrolment
    cancel(enrolment.pk)
    cancel(enrolment.pk)
    other = enrol(session.pk, person(2)).enrolment
    with pytest.raises(EnrolmentError) as error:
        cancel(other.pk, now=timezone.now() + datetime.timedelta(days=10))
    assert error.value.code == "not_cancellable"


def test_a_confirmation_e_mail_carries_the_calendar_and_the_link(
    session, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = enrol(session.pk, person(1, email="awa@example.org")).enrolment
    message = mail.outbox[-1]
    assert message.to == ["awa@example.org"]
    assert "Votre inscription est confirmée" in message.body
    assert manage_url(enrolment) in message.body
    assert message.alternatives[0][1] == "text/html"
    assert message.attachments[0][2] == "text/calendar"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("06.12.34.56.78", "06 12 34 56 78"),
        ("+33 6 12 34 56 78", "06 12 34 56 78"),
        ("0033612345678", "06 12 34 56 78"),
        ("01-99-00-12-34", "01 99 00 12 34"),
    ],
)
def test_french_phone_numbers_are_normalised(raw, clean):
    assert normalise_french_phone(raw) == clean


def test_enrolling_through_the_form_shows_the_confirmation(client, session):
    url = f"/formations/inscription/{session.public_id}/"
    page = client.get(url).content.decode()
    assert "2 places restantes" in page and "Atelier inscription" in page
    response = client.post(
        url,
        {
            "first_name": "Awa",
            "last_name": "Formulaire",
            "phone": "0612345678",
            "town": "Sarcelles",
            "situation": "demandeur-emploi",
        },
    )
    assert response.status_code == 302
    confirmation = client.get(response["Location"]).content.decode()
    assert "vous êtes inscrit(e)" in confirmation
    enrolment = Enrolment.objects.get(learner__last_name="Formulaire")
    # Without e-mail: the reference in large type, the SMS said, a short way back.
    assert f'<strong class="reference__code">{enrolment.reference}</strong>' in confirmation
    assert (
        'Nous vous avons envoyé un SMS au <span class="nowrap">06 12 34 56 78</span>'
        in confirmation
    )
    assert f"/i/{enrolment.short_token}" in confirmation
    assert "Ma convocation" in confirmation
    learner = Learner.objects.get(last_name="Formulaire")
    assert learner.phone == "06 12 34 56 78" and learner.town == "Sarcelles"


def test_form_errors_keep_what_was_typed(client, session):
    url = f"/formations/inscription/{session.public_id}/"
    response = client.post(
        url,
        {
            "first_name": "Awa",
            "last_name": "Diallo",
            "phone": "12",
            "town": "95200",
            "situation": "autre",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "pas un numéro français" in html
    assert 'value="Awa"' in html and 'value="Diallo"' in html and 'value="95200"' in html
    assert not Enrolment.objects.filter(session=session).exists()


def test_a_contact_is_required(client, session):
    html = client.post(
        f"/formations/inscription/{session.public_id}/",
        {"first_name": "Awa", "last_name": "Diallo", "town": "Sarcelles", "situation": "autre"},
    ).content.decode()
    assert "Indiquez un numéro de téléphone ou une adresse e-mail" in html
    # Listed in the summary, with a link to the phone field.
    assert 'href="#id_phone" data-focus="id_phone"' in html


def test_robots_filling_the_hidden_field_enrol_nobody(client, session):
    response = client.post(
        f"/formations/inscription/{session.public_id}/",
        {
            "first_name": "Bot",
            "last_name": "Bot",
            "phone": "0612345678",
            "town": "X",
            "situation": "autre",
            "website": "http://spam",
        },
    )
    assert response.status_code == 404
    assert not Enrolment.objects.filter(session=session).exists()


def test_the_signed_link_shows_and_cancels_the_enrolment(client, session):
    enrolment = enrol(session.pk, person(1)).enrolment
    link = manage_url(enrolment)
    assert "Atelier inscription" in client.get(link).content.decode()
    confirm_step = client.get(link + "?annuler=1").content.decode()
    assert "Voulez-vous vraiment annuler" in confirm_step
    response = client.post(link, {"action": "cancel"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == "cancelled"
    assert "Votre inscription est annulée" in client.get(response["Location"]).content.decode()


def test_a_forged_or_expired_link_is_refused(client, session):
    enrolment = enrol(session.pk, person(1)).enrolment
    link = manage_url(enrolment)
    assert client.get(link[:-3] + "abc/").status_code == 404
    token = link.rstrip("/").rsplit("/", 1)[1]
    far = session.end_date + datetime.timedelta(days=366)
    assert enrolment_from_token(token, today=far) is None
    assert enrolment_from_token(token, today=session.end_date) == enrolment


def test_the_course_page_links_each_session_to_its_form(client, session):
    html = client.get(session.course.url).content.decode()
    assert f"/formations/inscription/{session.public_id}/" in html


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.dictionaries(
        st.sampled_from(
            [
                "first_name",
                "last_name",
                "phone",
                "email",
                "town",
                "situation",
                "employment_agency_id",
                "website",
                "referrer",
                "referral_code",
                "referrer_consent",
            ]
        ),
        st.one_of(st.text(max_size=60), st.sampled_from(["FTSARC", "cma95", "1", "on"])),
    )
)
def test_any_form_input_gives_an_enrolment_or_errors_never_a_500(data, session):
    from django.utils.html import escape

    response = Client(raise_request_exception=False).post(
        f"/formations/inscription/{session.public_id}/", data
    )
    assert response.status_code in (200, 302, 404, 429)
    if response.status_code == 200:
        html = response.content.decode()
        assert "field__error" in html or "notice--error" in html
        # Everything typed is still there to correct.
        for field in ("first_name", "last_name", "town", "referral_code"):
            if data.get(field, "").strip() and "\x00" not in data[field]:
                assert f'value="{escape(data[field])}"' in html, field


def test_concurrent_enrolments_never_overbook(transactional_db):
    """Twelve real connections race for three seats (PostgreSQL row lock; SQLite IMMEDIATE)."""
    from tests.conftest import seed_demo

    seed_demo()
    session = make_session(
        make_course("Atelier très demandé"), venue=make_venue("Écouen"), capacity=3, days=(5,)
    )
    errors, barrier = [], threading.Barrier(12)

    def worker(n):
        try:
            barrier.wait()
            enrol(session.pk, person(n))
        except Exception as exc:  # every failure is a test failure
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert session.enrolments.confirmed().count() == 3
    positions = list(session.enrolments.waitlisted().values_list("waitlist_position", flat=True))
    assert positions == list(range(1, 10))


def test_staff_see_enrolments_and_the_call_list_and_export_them_for_excel(client, session):
    confirmed = enrol(session.pk, person(1)).enrolment
    enrol(session.pk, person(2))
    waiting = enrol(session.pk, person(3, phone="01 39 00 00 03")).enrolment  # no SMS, no e-mail
    cancel(confirmed.pk)
    client.login(username="coordination", password="demo-numixs")
    listing = client.get("/admin/snippets/courses/enrolment/", {"session": session.pk})
    assert listing.status_code == 200
    assert "Diallo3" in listing.content.decode()
    calls = client.get("/admin/snippets/courses/enrolment/", {"needs_call": "true"})
    assert "Diallo3" in calls.content.decode()
    export = client.get(
        "/admin/snippets/courses/enrolment/", {"session": session.pk, "export": "csv"}
    )
    body = b"".join(export.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffRéférence;Nom;Prénom;Téléphone")
    assert f"{waiting.reference};Diallo3;Awa" in body
    assert "Diallo3;Awa;01 39 00 00 03" in body
    assert waiting.pk


def test_staff_find_an_enrolment_by_the_reference_read_out_on_the_phone(client, session):
    wanted = enrol(session.pk, person(1)).enrolment
    enrol(session.pk, person(2))
    client.login(username="coordination", password="demo-numixs")
    spoken = f"{wanted.reference[:3]} {wanted.reference[3:].lower()}"  # "K7P 2qm", as heard
    for query in (wanted.reference, wanted.reference.lower(), spoken, "0612345601"):
        html = client.get("/admin/snippets/courses/enrolment/", {"q": query}).content.decode()
        assert "Diallo1" in html and "Diallo2" not in html


def test_outsiders_cannot_see_enrolments(client, session):
    enrol(session.pk, person(1))
    for username in ("formateur", "partenaire"):
        client.login(username=username, password="demo-numixs")
        assert client.get("/admin/snippets/courses/enrolment/").status_code == 302


def test_reminders_go_once_the_day_before_by_e_mail_and_sms(
    session, sms_outbox, django_capture_on_commit_callbacks
):
    import io

    from django.core.management import call_command

    enrol(session.pk, person(1, email="awa@example.org", phone="01 39 00 00 01"))  # e-mail only
    enrol(session.pk, person(2))  # a mobile, no e-mail: an SMS
    enrol(session.pk, person(3, email="waiting@example.org"))  # waiting list: no reminder
    mail.outbox.clear()
    sms_outbox.clear()
    day = session.start_date.isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", day, stdout=io.StringIO())
        call_command("send_reminders", "--date", day, stdout=io.StringIO())
    ours = [message for message in mail.outbox if message.to[0].endswith("@example.org")]
    assert [message.to for message in ours] == [["awa@example.org"]]
    assert "commence demain" in ours[0].subject
    assert [sent.to for sent in sms_outbox] == ["06 12 34 56 02"]
    assert "commence demain" in sms_outbox[0].text


def test_concurrent_cancellations_and_enrolments_keep_the_seats_exact(transactional_db):
    """Cancellations (each promoting someone) race new enrolments: never over capacity."""
    from tests.conftest import seed_demo

    seed_demo()
    session = make_session(
        make_course("Atelier qui bouge"), venue=make_venue("Écouen"), capacity=4, days=(5,)
    )
    seated = [enrol(session.pk, person(n)).enrolment for n in range(4)]
    for n in range(4, 8):
        enrol(session.pk, person(n))  # four people waiting
    errors, barrier = [], threading.Barrier(8)

    def worker(action):
        try:
            barrier.wait()
            action()
        except Exception as exc:  # every failure is a test failure
            errors.append(exc)
        finally:
            connections.close_all()

    actions = [lambda e=e: cancel(e.pk) for e in seated[:4]]
    actions += [lambda n=n: enrol(session.pk, person(n)) for n in range(8, 12)]
    threads = [threading.Thread(target=worker, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert session.enrolments.confirmed().count() == 4
    assert session.enrolments.filter(status="cancelled").count() == 4
    assert session.enrolments.waitlisted().count() == 4
    # The four who were waiting got the four freed seats, whatever the interleaving.
    promoted = set(session.enrolments.confirmed().values_list("learner__last_name", flat=True))
    assert promoted == {f"Diallo{n}" for n in range(4, 8)}
