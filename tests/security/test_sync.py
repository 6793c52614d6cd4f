"""The tablets' sync endpoint under hostile or broken input (findings "500s", "clock",
"replayed change id"). Runs on SQLite and PostgreSQL (NUL characters broke the latter)."""

import json
import uuid
from unittest import mock

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attendance.models import Attendance, AttendanceChange
from tests.attendance.test_attendance import SIGNATURE, during, enrolments

pytestmark = pytest.mark.django_db
URL = "/formateur/synchro/"


def payload(of_sitting, enrolment, **fields):
    change = {
        "id": str(uuid.uuid4()),
        "sitting": of_sitting.pk,
        "enrolment": enrolment.pk,
        "kind": "mark",
        "value": "present",
        "device_time": during(of_sitting).isoformat(),
    }
    change.update(fields)
    return change


def send(client, body, at):
    with mock.patch("django.utils.timezone.now", return_value=at):
        return client.post(URL, json.dumps(body), content_type="application/json")


def test_a_nul_character_is_refused_by_name_and_the_rest_is_not_written(
    client,
    sitting,
    trainer,
):
    client.force_login(trainer)
    first = enrolments(sitting.session)[0]
    good = payload(sitting, first)
    bad = payload(sitting, first, kind="note", value="absent\x00excusé")
    response = send(client, {"device": "tab\x00let", "changes": [good, bad]}, during(sitting))
    assert response.status_code == 422
    assert [error["id"] for error in response.json()["errors"]] == [bad["id"]]
    assert not AttendanceChange.objects.filter(sitting=sitting).exists()
    # The tablet drops the refused change and sends the rest: it goes through.
    again = send(client, {"device": "tab\x00let", "changes": [good]}, during(sitting))
    assert again.json()["results"][0]["outcome"] == "applied"
    assert AttendanceChange.objects.get(client_id=good["id"]).device_id == "tablet"


def test_deeply_nested_json_is_a_400_not_a_500(client, trainer):
    client.force_login(trainer)
    body = b'{"changes": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code in (400, 413)


def test_a_change_id_replayed_against_another_sitting_is_refused_not_called_duplicate(
    client,
    sitting,
    trainer,
    other_trainer,
):
    client.force_login(trainer)
    first = enrolments(sitting.session)[0]
    change = payload(sitting, first)
    assert send(client, {"changes": [change]}, during(sitting)).status_code == 200
    # An outsider who learnt the id replays it: no "duplicate", no hint it exists.
    client.force_login(other_trainer)
    replay = send(client, {"changes": [change]}, during(sitting))
    assert replay.status_code == 422
    assert replay.json()["errors"][0]["code"] == "unknown_sitting"
    # The same id pointed at another learner is refused too.
    client.force_login(trainer)
    second = enrolments(sitting.session)[1]
    moved = send(client, {"changes": [{**change, "enrolment": second.pk}]}, during(sitting))
    assert moved.status_code == 422


def test_a_signature_from_a_tablet_whose_clock_was_set_back_is_flagged(
    client,
    sitting,
    trainer,
):
    """Sent at 23:52 with a device time of 15:10 (inside the sitting): before, stored
    unflagged. The tablet's clock at sending says how far behind it is."""
    client.force_login(trainer)
    learner = enrolments(sitting.session)[0]
    late = sitting.ends_at().replace(hour=23, minute=52)
    device_clock_behind = late - during(sitting)
    change = payload(sitting, learner, kind="signature", value=SIGNATURE)
    body = {"changes": [change], "sent_at": (late - device_clock_behind).isoformat()}
    response = send(client, body, late)
    assert response.json()["results"][0]["outcome"] == "applied"
    assert Attendance.objects.get(sitting=sitting, enrolment=learner).signature_flagged


def test_a_signature_given_offline_and_sent_in_the_evening_is_not_flagged(
    client,
    sitting,
    trainer,
):
    client.force_login(trainer)
    learner = enrolments(sitting.session)[0]
    evening = sitting.ends_at().replace(hour=21, minute=0)
    change = payload(sitting, learner, kind="signature", value=SIGNATURE)
    response = send(client, {"changes": [change], "sent_at": evening.isoformat()}, evening)
    assert response.json()["results"][0]["outcome"] == "applied"
    assert not Attendance.objects.get(sitting=sitting, enrolment=learner).signature_flagged


def test_the_csrf_failure_answers_in_french_json_on_the_sync_endpoint(trainer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainer)
    response = client.post(URL, b'{"changes": []}', content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"] == "csrf" and "expiré" in response.json()["message"]
    page = client.post("/deconnexion/")
    assert page.status_code == 403 and "Page expirée" in page.content.decode()


text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)
junk = st.recursive(
    st.none() | st.booleans() | st.integers() | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=20,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=st.one_of(text, junk),
    kind=st.sampled_from(["mark", "note", "signature", "x"]),
    device=st.one_of(text, junk),
    device_time=st.one_of(text, st.just("2026-12-07T10:00:00+01:00")),
    extra=junk,
)
def test_any_change_gets_an_answer_never_a_500(
    client,
    sitting,
    trainer,
    value,
    kind,
    device,
    device_time,
    extra,
):
    client.force_login(trainer)
    learner = enrolments(sitting.session)[0]
    change = payload(sitting, learner, kind=kind, value=value, device_time=device_time)
    response = send(client, {"device": device, "changes": [change, extra]}, during(sitting))
    assert response.status_code < 500
