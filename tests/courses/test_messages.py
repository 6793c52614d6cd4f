"""Messages to learners: what each SMS says, retries, Brevo, delivery reports, short links."""

import http.server
import io
import json
import re
import socket
import threading
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from attendance.models import Attendance
from certificates.services import issue
from core import sms
from core.sms import SmsPermanentError, SmsTemporaryError
from core.sms.backends import brevo, locmem
from core.sms.gsm import is_gsm7, segments, to_gsm7
from courses.links import manage_url
from courses.models import Enrolment, Learner, Message, Session
from courses.notifications import send_due_messages
from courses.services.enrolment import Person, cancel, enrol
from tests.courses.factories import attest, make_course, make_session, make_venue

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+?/i/[A-Za-z0-9]+")
BREVO_ID = 1511882900176220


def mobile(n=1, **fields):
    """A learner with a French mobile and no e-mail, as most learners are."""
    data = {"first_name": "Awa", "last_name": f"Mobile{n}", "phone": f"06 12 34 56 {n:02d}"}
    data.update(fields)
    return Person(**data)


def form_data(**fields):
    data = {"first_name": "Awa", "last_name": "Mobile1", "phone": "0612345601", "email": ""}
    data.update({"town": "Sarcelles", "situation": "autre", **fields})
    return data


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    """Run what is queued on commit (the messages' sending) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def session(home_page):
    course = make_course("Créer son adresse e-mail", slug="creer-son-adresse-e-mail")
    venue = make_venue("Saint-Brice-sous-Forêt")
    return make_session(course, venue=venue, capacity=1, days=(5, 6))


def assert_sms(outbox, enrolment, kind, words, reference=True):
    """One SMS of `kind` saying `words`: GSM-7, two parts at most, the short link, the
    reference (where it helps), never a marketing word; logged as sent."""
    (text,) = [sent.text for sent in outbox if sent.to == enrolment.learner.phone]
    assert words in text, text
    assert is_gsm7(text), text
    assert segments(text) <= 2, (len(text), text)
    (link,) = LINK.findall(text)
    path = urlsplit(link).path
    assert path == f"/i/{enrolment.short_token}" and len(path) <= 25
    assert not re.search(r"\bstop\b", text, re.IGNORECASE)
    assert not reference or enrolment.reference in text
    assert_logged(enrolment, kind)


def assert_logged(enrolment, kind, channels=("sms",)):
    rows = Message.objects.filter(enrolment=enrolment, kind=kind)
    assert sorted(rows.values_list("channel", "status")) == [(c, "sent") for c in sorted(channels)]


# 1. Each kind of message reaches a mobile-only learner.
def test_a_confirmation_reaches_the_learner_by_sms(session, sms_outbox, capture):
    with capture():
        enrolment = enrol(session.pk, mobile(1)).enrolment
    assert_sms(sms_outbox, enrolment, "confirmation", "inscription confirmée")
    assert "à Saint-Brice-sous-Foret" in sms_outbox[0].text


def test_a_place_on_the_waiting_list_is_announced(session, sms_outbox, capture):
    with capture():
        enrol(session.pk, mobile(1))
        waiting = enrol(session.pk, mobile(2)).enrolment
    assert_sms(sms_outbox, waiting, "waitlist", "sur la liste d'attente")


def test_a_freed_seat_is_announced_to_the_first_person_waiting(session, sms_outbox, capture):
    with capture():
        first = enrol(session.pk, mobile(1)).enrolment
        waiting = enrol(session.pk, mobile(2)).enrolment
    sms_outbox.clear()
    with capture():
        cancel(first.pk)
    assert_sms(sms_outbox, waiting, "promotion", "une place s'est libérée")


@pytest.fixture
def tomorrow(home_page):
    return make_session(make_course("Atelier demain"), venue=make_venue("Roissy"), days=(1,))


def test_the_reminder_goes_the_day_before_once(tomorrow, sms_outbox, capture):
    with capture():
        enrolment = enrol(tomorrow.pk, mobile(3)).enrolment
    sms_outbox.clear()
    with capture():
        call_command("send_reminders", stdout=io.StringIO())
        call_command("send_reminders", stdout=io.StringIO())
    assert len(sms_outbox) == 1
    assert_sms(sms_outbox, enrolment, "reminder", "commence demain", reference=False)


def test_a_session_cancelled_by_the_centre_is_announced_once(session, sms_outbox, capture):
    with capture():
        confirmed = enrol(session.pk, mobile(1)).enrolment
        waiting = enrol(session.pk, mobile(2)).enrolment
    sms_outbox.clear()
    with capture():
        session.status = "cancelled"
        session.save()
    with capture():
        session.save()
        Session.objects.get(pk=session.pk).save()  # a fresh copy, as an admin form saves it
    assert sorted(sent.to for sent in sms_outbox) == ["06 12 34 56 01", "06 12 34 56 02"]
    for enrolment in (confirmed, waiting):
        assert_sms(sms_outbox, enrolment, "session_cancelled", "est annulée", reference=False)


def test_a_certificate_ready_is_announced(home_page, sms_outbox, capture):
    course = make_course("Atelier attestation SMS", completion_threshold=80)
    past = make_session(course, venue=make_venue("Louvres"), days=(-3, -2))
    learner = Learner.objects.create(first_name="Awa", last_name="Diplômée", phone="07 11 22 33 44")
    enrolment = Enrolment.objects.create(session=past, learner=learner, status="confirmed")
    for sitting in past.sittings.all():
        Attendance.objects.create(sitting=sitting, enrolment=enrolment, status="present")
    attest(past)
    with capture():
        issue(enrolment.pk, render=False)
    # "prête" is sent "prete": ê is not GSM-7.
    assert_sms(sms_outbox, enrolment, "certificate", "attestation", reference=False)
    assert "est prete" in sms_outbox[0].text


def test_the_same_name_and_phone_on_the_public_form_send_the_link_again(
    client, session, sms_outbox, capture
):
    with capture():
        enrolment = enrol(session.pk, mobile(1)).enrolment
    sms_outbox.clear()
    with capture():
        response = client.post(
            f"/formations/inscription/{session.public_id}/",
            form_data(first_name="awa", last_name="MOBILE1", town="Paris"),
        )
    assert response.status_code == 200
    assert "Une inscription existe déjà" in response.content.decode()
    assert_sms(sms_outbox, enrolment, "link", "le lien de votre inscription")


# 2. Who gets an SMS: French mobiles only; an e-mail adds its own channel.
def test_a_mobile_and_an_email_are_both_used_and_logged(session, sms_outbox, capture):
    mail.outbox.clear()
    with capture():
        enrolment = enrol(session.pk, mobile(1, email="awa@example.org")).enrolment
    assert [sent.to for sent in sms_outbox] == ["06 12 34 56 01"]
    assert [message.to for message in mail.outbox] == [["awa@example.org"]]
    assert_logged(enrolment, "confirmation", channels=("sms", "email"))


def test_a_landline_or_an_email_only_gets_no_sms(session, sms_outbox, capture):
    with capture():
        landline = enrol(session.pk, mobile(1, phone="01 39 00 00 01")).enrolment
        both = enrol(session.pk, mobile(2, phone="01 39 00 00 02", email="a@example.org"))
        email_only = enrol(session.pk, mobile(3, phone="", email="b@example.org"))
    assert sms_outbox == [] and not landline.messages.exists()
    # "Nous vous appellerons": nothing can reach them, so they are on the call list.
    landline.refresh_from_db()
    assert landline.needs_call
    for enrolment in (both.enrolment, email_only.enrolment):
        assert list(enrolment.messages.values_list("channel", "status")) == [("email", "sent")]


def test_a_mobile_typed_in_international_form_gets_the_sms(tomorrow, sms_outbox, capture):
    """The admin's learner form keeps the number as typed: "+33 6 …" is a French mobile too."""
    learner = Learner.objects.create(first_name="Awa", last_name="Plus", phone="+33 6 12 34 56 09")
    enrolment = Enrolment.objects.create(session=tomorrow, learner=learner, status="confirmed")
    with capture():
        call_command("send_reminders", stdout=io.StringIO())
    assert [sent.to for sent in sms_outbox] == ["+33 6 12 34 56 09"]
    assert_logged(enrolment, "reminder")


# 3. Retries: a provider down does not lose the message, nor break the enrolment.
class FlakyBackend:
    """Fails `failures` times with `error` (a provider down, a bad number), then sends."""

    failures, calls, error = 1, 0, SmsTemporaryError

    def send(self, phone, text):
        FlakyBackend.calls += 1
        if FlakyBackend.calls <= FlakyBackend.failures:
            raise FlakyBackend.error("Brevo 503: provider down", code="503")
        return locmem.SmsBackend().send(phone, text)


@pytest.fixture
def flaky():
    FlakyBackend.failures, FlakyBackend.calls, FlakyBackend.error = 1, 0, SmsTemporaryError
    with override_settings(NUMIXS_SMS_BACKEND="tests.courses.test_messages.FlakyBackend"):
        yield FlakyBackend


def test_a_provider_outage_is_retried_later_and_the_enrolment_succeeds(
    client, session, sms_outbox, flaky, capture
):
    with capture():
        response = client.post(f"/formations/inscription/{session.public_id}/", form_data())
    assert response.status_code == 302
    message = Message.objects.get(enrolment__learner__last_name="Mobile1")
    assert (message.status, message.attempts, sms_outbox) == ("retrying", 1, [])
    assert message.next_attempt_at > timezone.now()  # the clock is pinned (tests/conftest.py)
    assert send_due_messages() == 0, "not due yet"
    with time_machine.travel(timezone.localtime() + timedelta(minutes=2)):
        assert send_due_messages() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.error) == ("sent", 2, "")
    assert message.sent_at is not None and message.next_attempt_at is None
    assert [sent.to for sent in sms_outbox] == ["06 12 34 56 01"]


def test_a_refused_number_fails_at_once_and_goes_on_the_call_list(session, flaky, capture):
    flaky.failures, flaky.error = 99, SmsPermanentError
    with capture():
        sms_only = enrol(session.pk, mobile(1)).enrolment
        with_email = enrol(session.pk, mobile(2, email="b@example.org")).enrolment
    message = sms_only.messages.get()
    assert (message.status, message.attempts, message.next_attempt_at) == ("failed", 1, None)
    assert "503" in message.error
    assert Enrolment.objects.get(pk=sms_only.pk).needs_call is True
    assert Enrolment.objects.get(pk=with_email.pk).needs_call is False, "the e-mail reached them"


@override_settings(NUMIXS_MESSAGE_ATTEMPTS=3)
def test_after_the_last_attempt_the_message_fails(session, flaky, capture):
    flaky.failures = 99
    with capture():
        enrolment = enrol(session.pk, mobile(1)).enrolment
    message = enrolment.messages.get()
    for _attempt in range(5):
        if message.status != "retrying":
            break
        with time_machine.travel(
            timezone.localtime(message.next_attempt_at) + timedelta(seconds=1)
        ):
            send_due_messages()
        message.refresh_from_db()
    assert (message.status, message.attempts, flaky.calls) == ("failed", 3, 3)
    enrolment.refresh_from_db()
    assert enrolment.needs_call is True


def test_the_send_messages_command_sends_the_due_messages(session, sms_outbox, flaky, capture):
    """notifications.py says cron runs `send_messages` to send the retries that are due."""
    with capture():
        enrolment = enrol(session.pk, mobile(1)).enrolment
    with time_machine.travel(timezone.localtime() + timedelta(minutes=2)):
        call_command("send_messages", stdout=io.StringIO())
    assert enrolment.messages.get().status == "sent" and len(sms_outbox) == 1


# 4. The Brevo adapter, against a local server replaying Brevo's recorded answers.
class RecordedBrevo(http.server.BaseHTTPRequestHandler):
    """Keeps each request; answers with `server.reply` (status, JSON or bytes; None: hang up)."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.requests.append((self.command, self.path, self.headers, body))
        status, payload = self.server.reply
        if status is None:
            return  # the connection closes without an answer
        html = isinstance(payload, bytes)
        raw = payload if html else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html" if html else "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args):
        pass


@pytest.fixture
def brevo_server(settings, monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RecordedBrevo)
    server.requests, server.reply = [], (201, {"messageId": BREVO_ID})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.NUMIXS_SMS_BREVO_URL = (
        f"http://127.0.0.1:{server.server_port}/v3/transactionalSMS/send"
    )
    settings.NUMIXS_SMS_BREVO_API_KEY = "xkeysib-test"
    settings.NUMIXS_SMS_SENDER = "Numixs"
    settings.NUMIXS_SMS_STATUS_URL = ""
    yield server
    server.shutdown()
    server.server_close()


def test_brevo_receives_a_transactional_gsm_sms(brevo_server, settings):
    settings.NUMIXS_SMS_BACKEND = "core.sms.backends.brevo.SmsBackend"
    result = sms.send("06 12 34 56 78", "Numixs : c’est confirmé, référence K7P2QM")
    assert result.provider_id == "1511882900176220"
    ((method, path, headers, body),) = brevo_server.requests
    assert (method, path) == ("POST", "/v3/transactionalSMS/send")
    assert headers["api-key"] == "xkeysib-test"
    assert headers["content-type"] == "application/json"
    payload = json.loads(body)
    assert payload["sender"] == "Numixs" and payload["recipient"] == "33612345678"
    assert payload["content"] == "Numixs : c'est confirmé, référence K7P2QM"
    assert payload["type"] == "transactional" and payload["unicodeEnabled"] is False


BAD_NUMBER = {"code": "invalid_parameter", "message": "Invalid phone number"}
BAD_KEY = {"message": "Key not found", "code": "unauthorized"}
NO_CREDIT = {"code": "not_enough_credits", "message": "Not enough credits"}
DOWN = b"<html><body><h1>503 Service Unavailable</h1></body></html>"


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (400, BAD_NUMBER, SmsPermanentError),
        (401, BAD_KEY, SmsPermanentError),
        (402, NO_CREDIT, SmsPermanentError),
        (429, {"message": "Too many requests"}, SmsTemporaryError),
        (503, DOWN, SmsTemporaryError),
    ],
)
def test_brevo_errors_are_permanent_or_worth_a_retry(brevo_server, status, body, error):
    brevo_server.reply = (status, body)
    with pytest.raises(error) as raised:
        brevo.SmsBackend().send("06 12 34 56 78", "Numixs : test")
    code = body.get("code") if isinstance(body, dict) else None
    assert raised.value.code == (code or str(status))


def test_brevo_out_of_reach_is_worth_a_retry(brevo_server, settings):
    brevo_server.reply = (None, None)
    with pytest.raises(SmsTemporaryError):
        brevo.SmsBackend().send("06 12 34 56 78", "Numixs : test")
    with socket.socket() as free:  # a port nobody listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    settings.NUMIXS_SMS_BREVO_URL = f"http://127.0.0.1:{port}/v3/transactionalSMS/send"
    with pytest.raises(SmsTemporaryError) as refused:
        brevo.SmsBackend().send("06 12 34 56 78", "Numixs : test")
    assert refused.value.code == "network"


def test_brevo_without_an_api_key_is_a_configuration_error(brevo_server, settings):
    settings.NUMIXS_SMS_BREVO_API_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        brevo.SmsBackend().send("06 12 34 56 78", "Numixs : test")
    assert brevo_server.requests == []


def test_without_an_api_key_the_sms_fails_at_once_and_someone_calls(session, settings, capture):
    """A configuration mistake is not an outage: no five retries, a call instead."""
    settings.NUMIXS_SMS_BACKEND = "core.sms.backends.brevo.SmsBackend"
    settings.NUMIXS_SMS_BREVO_API_KEY = ""
    with capture():
        enrolment = enrol(session.pk, mobile()).enrolment
    message = Message.objects.get(enrolment=enrolment)
    enrolment.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 1)
    assert enrolment.needs_call


def test_a_very_long_course_title_keeps_every_sms_within_two_parts(home_page, sms_outbox, capture):
    title = "Atelier " + "très long titre de formation pour tester " * 4
    course = make_course(title.strip(), slug="titre-tres-long")
    long_session = make_session(course, venue=make_venue("Fosses"), capacity=1, days=(5, 6))
    with capture():
        enrol(long_session.pk, mobile(1))
        enrol(long_session.pk, mobile(2))  # the waiting list's message too
    assert len(sms_outbox) == 2
    for sent in sms_outbox:
        assert segments(sent.text) <= 2 and is_gsm7(sent.text), sent.text


# 5. Delivery reports posted by Brevo.

REPORT = {"id": 4711, "to": "33612345601", "msg_status": "delivered", "date": "2026-12-07"}


@pytest.fixture
def report_url(settings):
    settings.NUMIXS_SMS_STATUS_TOKEN = "s3cret-report-token"
    return "/sms/statut/s3cret-report-token/"


def post_json(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


@pytest.fixture
def sent_sms(session, capture):
    """A confirmation SMS sent, with the id Brevo gave it (the outbox's ids are not unique)."""
    with capture():
        enrolment = enrol(session.pk, mobile(1)).enrolment
    message = enrolment.messages.get()
    Message.objects.filter(pk=message.pk).update(provider_id=str(BREVO_ID + 1))
    return message


def test_a_delivery_report_marks_the_sms_received(
    client, session, brevo_server, settings, report_url, capture
):
    settings.NUMIXS_SMS_BACKEND = "core.sms.backends.brevo.SmsBackend"
    with capture():
        enrolment = enrol(session.pk, mobile(1)).enrolment
    message = enrolment.messages.get()
    assert (message.status, message.provider_id) == ("sent", str(BREVO_ID))
    response = post_json(client, report_url, {**REPORT, "messageId": BREVO_ID})
    assert response.status_code == 200 and response.json() == {"updated": 1}
    message.refresh_from_db()
    assert message.status == "delivered" and message.delivered_at is not None


def test_a_hard_bounce_fails_the_sms_and_puts_the_person_on_the_call_list(
    client, sent_sms, report_url
):
    report = {**REPORT, "msg_status": "hard_bounce", "messageId": BREVO_ID + 1}
    assert post_json(client, report_url, report).json() == {"updated": 1}
    sent_sms.refresh_from_db()
    assert sent_sms.status == "failed" and sent_sms.error
    assert Enrolment.objects.get(pk=sent_sms.enrolment_id).needs_call is True


def test_a_report_to_a_wrong_address_is_not_found_and_changes_nothing(
    client, sent_sms, settings, report_url
):
    report = {**REPORT, "msg_status": "hard_bounce", "messageId": BREVO_ID + 1}
    assert post_json(client, "/sms/statut/s3cret-report-tokeX/", report).status_code == 404
    settings.NUMIXS_SMS_STATUS_TOKEN = ""  # no token set: the address does not exist
    assert post_json(client, report_url, report).status_code == 404
    sent_sms.refresh_from_db()
    assert sent_sms.status == "sent" and sent_sms.error == ""
    assert Enrolment.objects.get(pk=sent_sms.enrolment_id).needs_call is False


def test_a_report_that_is_not_json_is_refused_without_a_server_error(client, report_url):
    for body in (b"{not json", b"\xc3\x28", b"[" * 100_000):
        response = client.post(report_url, body, content_type="application/json")
        assert response.status_code == 400, body[:10]
    assert post_json(client, report_url, ["delivered"]).json() == {"updated": 0}


# 6. The short link and the message log.
def test_the_short_link_opens_the_learners_page_and_an_unknown_one_says_so(client, session):
    enrolment = enrol(session.pk, mobile(1)).enrolment
    assert manage_url(enrolment).startswith("/formations/mon-inscription/")
    for token in (enrolment.short_token, enrolment.short_token.lower()):
        response = client.get(f"/i/{token}")
        assert response.status_code == 302 and response["Location"] == manage_url(enrolment)
    assert enrolment.reference in client.get(response["Location"]).content.decode()
    assert client.get(f"/i/{enrolment.short_token}/").status_code == 302  # a slash typed
    response = client.get("/i/ZZZZZZZZZZ")  # unknown
    assert response.status_code == 404
    assert "Ce lien ne fonctionne pas" in response.content.decode()


def test_guessing_short_links_is_stopped_and_says_to_wait(client, session, settings):
    settings.NUMIXS_ENROL_RATE_LIMIT = 3
    enrolment = enrol(session.pk, mobile(1)).enrolment
    for _guess in range(3):
        assert client.get("/i/ZZZZZZZZZZ").status_code == 404
    response = client.get(f"/i/{enrolment.short_token}")  # even a right one, for a while
    assert response.status_code == 429
    assert "Trop d'essais depuis cette connexion" in response.content.decode()
    assert enrolment.reference not in response.content.decode()


def test_the_message_log_is_for_the_coordination_not_for_trainers(client, session, capture):
    with capture():
        enrol(session.pk, mobile(1, last_name="Journal"))
    url = "/admin/snippets/courses/message/"
    assert client.login(username="coordination", password="demo-numixs")
    response = client.get(url, {"q": "Journal"})
    assert response.status_code == 200 and "Awa Journal" in response.content.decode()
    client.logout()
    assert client.login(username="formateur", password="demo-numixs")
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert "Awa Journal" not in response.content.decode()


# 7. GSM-7: the alphabet every phone reads, 160 characters a part.
def test_french_typography_is_brought_into_gsm7_readably():
    text = to_gsm7("Être à l’heure « demain » — œuvre")
    assert is_gsm7(text)
    assert text == 'Etre à l\'heure "demain" - oeuvre'


def test_segments_count_gsm7_and_ucs2_parts():
    assert (segments("a" * 160), segments("a" * 161), segments("a" * 307)) == (1, 2, 3)
    assert (segments("€" * 80), segments("€" * 81)) == (1, 2)  # two characters each
    emoji = "Bravo 🎉"
    assert not is_gsm7(emoji)
    filler = 70 - len(emoji.encode("utf-16-le")) // 2
    assert segments(emoji + "a" * filler) == 1
    assert segments(emoji + "a" * (filler + 1)) == 2
    assert segments(emoji + "a" * (filler + 65)) == 3  # 135 units: more than 2 × 67
