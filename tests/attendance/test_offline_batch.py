"""A whole day offline, as the tablet sends it back: walk-ins and closings travel in the
same ordered outbox as marks, with the same guarantees (idempotent, ordered, refused
changes named, nothing half-written)."""

import datetime
import json
import uuid
from unittest import mock

import pytest

from attendance.models import Attendance, AttendanceChange, SittingClosing
from courses.models import Enrolment, Sitting
from tests.attendance import test_attendance as attendance_tests
from tests.attendance.test_attendance import SIGNATURE, during, enrolments

# The fixtures of the attendance tests: a session of the demo trainer, its first sitting.
trainer, other_trainer = attendance_tests.trainer, attendance_tests.other_trainer
session, sitting = attendance_tests.session, attendance_tests.sitting

pytestmark = pytest.mark.django_db
URL = "/formateur/synchro/"


def item(sitting, kind, at_minutes=30, **fields):
    data = {
        "id": str(uuid.uuid4()),
        "sitting": sitting.pk,
        "kind": kind,
        "value": "",
        "device_time": during(sitting, at_minutes).isoformat(),
    }
    data.update(fields)
    return data


def walk_in(sitting, first_name="Inès", last_name="Surplace", phone="06 98 76 54 32"):
    return item(
        sitting,
        "walk_in",
        person={"first_name": first_name, "last_name": last_name, "phone": phone, "email": ""},
    )


def send(client, changes, sitting, minutes=200):
    with mock.patch("django.utils.timezone.now", return_value=during(sitting, minutes)):
        return client.post(
            URL, json.dumps({"device": "tablette", "changes": changes}), "application/json"
        )


def test_a_day_offline_arrives_once_in_order(client, sitting, trainer):
    """Marks, a walk-in with their signature, and the closing: once each, in order."""
    client.force_login(trainer)
    people = enrolments(sitting.session)
    marks = [
        item(sitting, "mark", 10 + n, enrolment=e.pk, value="present") for n, e in enumerate(people)
    ]
    added = walk_in(sitting)
    signed = item(sitting, "signature", 40, walk_in=added["id"], value=SIGNATURE)
    closing = item(sitting, "close", 170, value=SIGNATURE)
    batch = [*marks, added, signed, closing]

    response = send(client, batch, sitting)
    assert response.status_code == 200, response.content
    assert [r["outcome"] for r in response.json()["results"]] == ["applied"] * len(batch)
    newcomer = Enrolment.objects.get(session=sitting.session, learner__last_name="Surplace")
    assert newcomer.channel == "walk-in"
    state = Attendance.objects.get(sitting=sitting, enrolment=newcomer)
    assert state.status == "present" and state.signature == SIGNATURE
    sitting.refresh_from_db()
    assert sitting.is_closed and sitting.trainer_signature == SIGNATURE
    # In the order the tablet made them.
    received = list(
        AttendanceChange.objects.filter(sitting=sitting)
        .order_by("pk")
        .values_list("client_id", flat=True)
    )
    assert [str(x) for x in received] == [c["id"] for c in [*marks, added, signed]]

    # The answer was lost in the van: the tablet sends everything again. Nothing changes.
    again = send(client, batch, sitting, minutes=230)
    assert again.status_code == 200, again.content
    assert {r["outcome"] for r in again.json()["results"]} == {"duplicate"}
    assert AttendanceChange.objects.filter(sitting=sitting).count() == len(received)
    assert Enrolment.objects.filter(learner__last_name="Surplace").count() == 1
    assert SittingClosing.objects.filter(sitting=sitting).count() == 1


def test_a_walk_in_already_received_is_named_by_its_id_in_a_later_batch(client, sitting, trainer):
    client.force_login(trainer)
    added = walk_in(sitting)
    assert send(client, [added], sitting).status_code == 200
    note = item(sitting, "note", 50, walk_in=added["id"], value="Venue avec sa voisine")
    response = send(client, [note], sitting)
    assert response.json()["results"][0]["outcome"] == "applied"
    newcomer = Enrolment.objects.get(learner__last_name="Surplace")
    assert Attendance.objects.get(sitting=sitting, enrolment=newcomer).note == (
        "Venue avec sa voisine"
    )


def test_a_walk_in_without_contact_is_refused_with_the_changes_about_them(client, sitting, trainer):
    client.force_login(trainer)
    first = enrolments(sitting.session)[0]
    good = item(sitting, "mark", enrolment=first.pk, value="present")
    bad = walk_in(sitting, phone="")
    about = item(sitting, "mark", walk_in=bad["id"], value="late")
    before = AttendanceChange.objects.count()
    response = send(client, [good, bad, about], sitting)
    assert response.status_code == 422
    errors = {e["id"]: e for e in response.json()["errors"]}
    assert set(errors) == {bad["id"], about["id"]}
    assert "Surplace" in errors[bad["id"]]["message"]
    assert "téléphone" in errors[bad["id"]]["message"]
    assert AttendanceChange.objects.count() == before
    assert not Enrolment.objects.filter(learner__last_name="Surplace").exists()


def test_a_full_session_takes_the_walk_in_beyond_its_seats(client, sitting, trainer):
    """Offline, the trainer could not know: the person was there, the mark is kept."""
    client.force_login(trainer)
    session = sitting.session
    session.capacity = session.enrolments.confirmed().count()
    session.save()
    response = send(client, [walk_in(sitting)], sitting)
    assert response.json()["results"][0]["outcome"] == "applied"
    assert Enrolment.objects.get(learner__last_name="Surplace").over_capacity


def test_changes_queued_after_the_closing_are_refused_and_nothing_is_written(
    client, sitting, trainer
):
    client.force_login(trainer)
    first = enrolments(sitting.session)[0]
    closing = item(sitting, "close", 170, value=SIGNATURE)
    late = item(sitting, "mark", 175, enrolment=first.pk, value="late")
    response = send(client, [closing, late], sitting)
    assert response.status_code == 422
    assert [e["id"] for e in response.json()["errors"]] == [late["id"]]
    sitting.refresh_from_db()
    assert not sitting.is_closed


def test_a_closing_without_signature_is_refused(client, sitting, trainer):
    client.force_login(trainer)
    response = send(client, [item(sitting, "close", 170, value="")], sitting)
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "invalid_signature"


def test_an_outsider_cannot_add_close_or_probe_ids(client, sitting, trainer, other_trainer):
    client.force_login(trainer)
    added, closing = walk_in(sitting), item(sitting, "close", 170, value=SIGNATURE)
    assert send(client, [added, closing], sitting).status_code == 200
    client.force_login(other_trainer)
    for replay in (
        [added],
        [closing],
        [walk_in(sitting)],
        [item(sitting, "close", 170, value=SIGNATURE)],
    ):
        response = send(client, replay, sitting)
        assert response.status_code == 422
        assert response.json()["errors"][0]["code"] == "unknown_sitting"
    # Nor name someone by a walk-in id learnt elsewhere.
    note = item(sitting, "note", walk_in=added["id"], value="x")
    assert send(client, [note], sitting).json()["errors"][0]["code"] == "unknown_sitting"
    assert Enrolment.objects.filter(learner__last_name="Surplace").count() == 1


def test_a_malformed_walk_in_is_named_not_a_500(client, sitting, trainer):
    client.force_login(trainer)
    for person in ("Inès", ["Inès"], {"first_name": {"x": 1}}, None):
        bad = item(sitting, "walk_in", person=person)
        response = send(client, [bad], sitting)
        assert response.status_code == 422
        assert response.json()["errors"][0]["code"] == "malformed_change"


# --- The pages a tablet keeps, and the demo trainer's day --------------------------------


def test_todays_and_tomorrows_open_sittings_are_offered_for_offline_use(client, demo_site):
    """ "Mes séances" names the pages to keep for today's and tomorrow's sittings only."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from demo.attendance import TODAY_MARKER

    client.force_login(get_user_model().objects.get(username="formateur"))
    page = client.get("/formateur/").content.decode()
    today = timezone.localdate()
    todays = Sitting.objects.filter(session__notes=TODAY_MARKER, date=today)
    assert todays.count() == 2
    for sitting in todays:
        assert (
            f'data-offline-urls="[&quot;/formateur/seance/{sitting.pk}/&quot;, '
            f"&quot;/formateur/seance/{sitting.pk}/sans-inscription/&quot;, "
            f'&quot;/formateur/seance/{sitting.pk}/cloturer/&quot;]"'
        ) in page
    later = Sitting.objects.filter(
        session__trainers__username="formateur", date__gt=today + datetime.timedelta(days=1)
    ).first()
    assert f'href="/formateur/seance/{later.pk}/"' in page
    assert (
        page.count("data-offline-urls")
        == Sitting.objects.filter(
            session__trainers__username="formateur",
            date__in=[today, today + datetime.timedelta(days=1)],
            closed_at=None,
        )
        .exclude(session__status="cancelled")
        .count()
    )


def test_the_demo_trainer_has_a_real_day_not_every_session_of_the_network(demo_site):
    from django.utils import timezone

    today = timezone.localdate()
    mine = Sitting.objects.filter(session__trainers__username="formateur")
    assert mine.filter(date=today).count() == 2  # morning and afternoon, one group
    assert (
        mine.filter(date__gt=today, date__lte=today + datetime.timedelta(days=7))
        .values("session")
        .distinct()
        .count()
        <= 4
    )
    group = Sitting.objects.filter(session__trainers__username="formateur", date=today).first()
    assert 6 <= group.session.enrolments.confirmed().count() <= 12


def test_closing_lists_who_is_there_without_signing(client, sitting, trainer):
    people = enrolments(sitting.session)
    client.force_login(trainer)
    for person, status in zip(people, ["present", "late", "absent"], strict=False):
        send(client, [item(sitting, "mark", enrolment=person.pk, value=status)], sitting, 40)
    with mock.patch("django.utils.timezone.now", return_value=during(sitting, 60)):
        page = client.get(f"/formateur/seance/{sitting.pk}/cloturer/").content.decode()
    assert "2 personnes présentes n'ont pas signé" in page
    unsigned = page.split('id="unsigned-title"')[1]
    assert people[0].learner.last_name.upper() in unsigned
    assert people[2].learner.last_name.upper() not in unsigned.split("</section>")[0]


def test_each_trainer_page_has_a_plain_title(client, sitting, trainer):
    """The tab's title is words: no markup spilled into it."""
    import re

    client.force_login(trainer)
    for url in (
        "/formateur/",
        f"/formateur/seance/{sitting.pk}/",
        f"/formateur/seance/{sitting.pk}/cloturer/",
        f"/formateur/seance/{sitting.pk}/sans-inscription/",
    ):
        page = client.get(url).content.decode()
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert "<" not in title and len(title) < 150, (url, title[:200])


def test_the_attendance_sheet_counts_the_hours_of_its_sittings(sitting):
    """Found by a coordinator: "12,0 heures prévues" (the course's usual length) on the
    sheet of a session of two 3-hour sittings, whose certificate says 6 hours."""
    import io

    import pypdf

    from attendance.sheet import render_sheet

    course = sitting.session.course
    course.duration_hours = 12
    course.save()
    reader = pypdf.PdfReader(io.BytesIO(render_sheet(sitting.session)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "6 heures prévues" in text and "12" not in text.split("heures prévues")[0][-8:]


def test_the_demo_trainer_is_never_in_two_places_at_once_this_week(demo_site):
    from django.utils import timezone

    today = timezone.localdate()
    slots = list(
        Sitting.objects.filter(
            session__trainers__username="formateur",
            date__gte=today,
            date__lte=today + datetime.timedelta(days=7),
        ).values_list("date", "start_time")
    )
    assert len(slots) == len(set(slots))
