"""The partners' area as a partner uses it: filters, exports, digests, invitations."""

import csv
import datetime
import io
import tracemalloc

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendance.models import Attendance
from certificates.models import Certificate
from courses.models import Enrolment, Learner, Membership
from partners.access import visible_enrolments
from partners.digests import send_digests
from partners.exports import stream_zip
from tests.partners.partner_world import build_world, enrol, store_pdfs

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_page):
    return build_world()


@pytest.fixture
def member_a(client, world):
    client.force_login(world.users["member_a"])
    return client


def rows_of(response):
    raw = b"".join(response.streaming_content)
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_filters_are_kept_in_the_url_and_applied(member_a, world):
    course = world.upcoming.course
    response = member_a.get(
        reverse("partners:list"), {"statut": "waitlisted", "formation": course.pk}
    )
    page = response.content.decode()
    assert "AUPCOMING" in page.upper() and "ACONSENT" not in page.upper()
    # The download links carry the same filters.
    assert "statut=waitlisted" in page.split('data-download="zip"')[0].rsplit("href=", 1)[1]
    response = member_a.get(reverse("partners:list"), {"attestation": "issued"})
    page = response.content.decode().upper()
    assert "ACONSENT" in page and "AUPCOMING" not in page
    response = member_a.get(reverse("partners:list"), {"q": "alice"})
    assert "ACONSENT" in response.content.decode().upper()
    response = member_a.get(reverse("partners:list"), {"q": "personne-inconnue"})
    assert "Personne ne correspond à ces filtres." in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"du": "pas une date"},
        {"du": "2026-12-01", "au": "2026-01-01"},
        {"statut": "<script>"},
        {"formation": "999999"},
        {"tri": "DROP TABLE"},
        {"page": "-4"},
        {"q": "x" * 5000},
        {"structure": "abc"},
    ],
)
def test_bad_filters_get_a_french_message_never_a_500(member_a, params):
    response = member_a.get(reverse("partners:list"), params)
    assert response.status_code == 200
    for url in (reverse("partners:csv"), reverse("partners:zip")):
        assert member_a.get(url, params).status_code in (200, 302)


def test_invalid_filter_is_reported_next_to_its_field(member_a):
    response = member_a.get(reverse("partners:list"), {"du": "2026-12-01", "au": "2026-01-01"})
    page = response.content.decode()
    assert "Certains critères n'ont pas pu être compris" in page
    assert "Cette date est avant la date" in page


def test_a_member_of_two_organisations_can_filter_by_organisation(client, world):
    client.force_login(world.users["member_both"])
    page = client.get(reverse("partners:list"), {"structure": world.org_b.pk}).content.decode()
    assert "BCONSENT" in page.upper() and "ACONSENT" not in page.upper()
    # A member of one organisation does not see the filter.
    client.force_login(world.users["member_a"])
    assert 'name="structure"' not in client.get(reverse("partners:list")).content.decode()


def test_attendance_so_far_with_absences_highlighted(member_a, world):
    enrolment = world.enrolments["a_consent"]
    first = enrolment.session.sittings.order_by("date").first()
    Attendance.objects.filter(enrolment=enrolment, sitting=first).update(status="absent")
    page = member_a.get(reverse("partners:list")).content.decode()
    assert "3 h sur 6 h (50 %)" in page
    assert "1 absence" in page
    detail = member_a.get(reverse("partners:learner", args=[enrolment.learner_id]))
    text = detail.content.decode()
    assert "Absent(e)" in text and "Présent(e)" in text
    assert "<svg" not in text and "signature" not in text.lower()


def test_the_csv_opens_cleanly_in_french_excel(member_a, world):
    learner = world.enrolments["a_consent"].learner
    learner.first_name = '=HYPERLINK("http://x")'
    learner.save()
    response = member_a.get(reverse("partners:csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = rows_of(response)
    header, *data = rows
    assert header[:4] == ["Nom", "Prénom", "Commune de l'apprenant", "Structure"]
    assert "Attestation" in header and "Présence (%)" in header
    row = next(r for r in data if r[0].startswith("Aconsent"))
    assert row[1].startswith("'=")  # never a formula
    start = world.enrolments["a_consent"].session.start_date
    assert row[header.index("Début")] == start.strftime("%d/%m/%Y")
    assert row[header.index("Heures suivies")] == "6"
    assert row[header.index("Attestation")] == "Délivrée"
    assert row[header.index("Numéro d'attestation")].startswith("NUMIXS-")


def test_the_list_renders_in_a_constant_number_of_queries(member_a, world):
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = member_a.get(reverse("partners:list"))
        assert response.status_code == 200
        return len(queries)

    def add_learners(number):
        session = world.enrolments["a_consent"].session
        upcoming = world.upcoming
        learners = Learner.objects.bulk_create(
            Learner(first_name="Bulk", last_name=f"L{index}") for index in range(number)
        )
        Enrolment.objects.bulk_create(
            Enrolment(
                session=session if index % 2 else upcoming,
                learner=learner,
                status="confirmed",
                referrer=world.org_a,
                referrer_consent=True,
            )
            for index, learner in enumerate(learners)
        )

    add_learners(18)  # 20 referred, consenting
    assert visible_enrolments(world.users["member_a"]).count() == 20
    small = count()
    add_learners(1980)  # 2,000
    assert visible_enrolments(world.users["member_a"]).count() == 2000
    assert count() == small


def _zip_peak(certificates):
    tracemalloc.start()
    try:
        total = sum(len(piece) for piece in stream_zip(certificates))
        return total, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_zip_streams_with_flat_memory(world):
    """Ten times the certificates, about the same peak memory (a PDF piece at a time)."""
    certificate = world.certificates["a_consent"]
    big_pdf = b"%PDF-1.7\n" + bytes(range(256)) * 1024  # 256 KiB per file
    store_pdfs(certificate, big_pdf)
    session = certificate.enrolment.session
    for index in range(39):
        enrolment = enrol(session, "Zip", f"Z{index}", world.org_a, True)
        copy = Certificate.objects.get(pk=certificate.pk)
        copy.pk = None
        copy.enrolment = enrolment
        copy.number = f"{certificate.number}-{index}"
        copy.verification_code = f"{certificate.verification_code[:10]}{index:010d}"
        copy.save()
    everything = Certificate.objects.filter(attestation_pdf=certificate.attestation_pdf.name)
    first_four = everything.filter(pk__in=list(everything.values_list("pk", flat=True)[:4]))
    size_4, peak_4 = _zip_peak(first_four)
    size_40, peak_40 = _zip_peak(everything)
    assert size_40 > 9 * size_4  # ten times the data went through …
    assert peak_40 < peak_4 * 1.2 + 64 * 1024  # … with the same memory


def test_weekly_digest_lists_the_weeks_news_and_respects_consent(world):
    now = timezone.now()
    enrolment = world.enrolments["a_consent"]
    sitting = enrolment.session.sittings.first()
    Attendance.objects.filter(enrolment=enrolment, sitting=sitting).update(
        status="absent", marked_at=now - datetime.timedelta(days=1)
    )
    mail.outbox.clear()
    send_digests(now=now)
    sent = {message.to[0]: message for message in mail.outbox}
    member_a = world.users["member_a"]
    body = sent[member_a.email].body
    assert "Alice" in body  # the absence and the certificate
    assert world.certificates["a_consent"].number in body
    assert "Anne" not in body  # no consent
    assert "Amir" not in body  # consent withdrawn
    assert "Bruno" not in body  # other organisation
    assert "/partenaires/recapitulatif/arret/" in body
    assert world.users["former_a"].email not in sent
    # Run again: nothing new, nothing sent.
    mail.outbox.clear()
    send_digests(now=now + datetime.timedelta(minutes=5))
    assert member_a.email not in {message.to[0] for message in mail.outbox}


def test_opting_out_of_the_digest(client, world):
    client.force_login(world.users["member_a"])
    response = client.post(reverse("partners:digest"), {"digest": "off"}, follow=True)
    assert "Vous ne recevrez plus le récapitulatif" in response.content.decode()
    assert not Membership.objects.get(user=world.users["member_a"]).weekly_digest
    mail.outbox.clear()
    send_digests()
    assert world.users["member_a"].email not in {m.to[0] for m in mail.outbox}


def test_unsubscribe_link_asks_then_stops(client, world):
    from partners.digests import unsubscribe_token

    membership = Membership.objects.get(user=world.users["member_b"])
    url = reverse("partners:unsubscribe", args=[unsubscribe_token(membership)])
    assert "Oui, arrêter les e-mails" in client.get(url).content.decode()
    membership.refresh_from_db()
    assert membership.weekly_digest  # a GET (a mail scanner following links) changes nothing
    client.post(url)
    membership.refresh_from_db()
    assert not membership.weekly_digest
    assert client.get(reverse("partners:unsubscribe", args=["forged"])).status_code == 404


def test_staff_invite_a_member_who_chooses_a_password(
    client, world, django_capture_on_commit_callbacks
):
    admin = get_user_model().objects.get(username="coordination")
    client.force_login(admin)
    url = reverse("wagtailsnippets_courses_partnerorganisation:invite", args=[world.org_a.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"email": "nouvelle.conseillere@example.org", "first_name": "Inès"}
        )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="nouvelle.conseillere@example.org")
    assert not user.has_usable_password()
    message = mail.outbox[-1]
    link = next(word for word in message.body.split() if "/connexion/invitation/" in word)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    response = client.get("/" + path, follow=True)
    assert "Choisir mon mot de passe" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "court", "new_password2": "court"},
    )
    assert "Le mot de passe n'a pas été enregistré" in response.content.decode()
    response = client.post(
        form_url,
        {
            "new_password1": "Un mot de passe solide 42",
            "new_password2": "Un mot de passe solide 42",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("partners:list")
    # The link served once.
    assert "Ce lien ne fonctionne plus" in client.get("/" + path, follow=True).content.decode()


def test_inviting_twice_says_so_and_changes_nothing(client, world):
    client.force_login(get_user_model().objects.get(username="coordination"))
    url = reverse("wagtailsnippets_courses_partnerorganisation:invite", args=[world.org_a.pk])
    email = world.users["member_a"].email
    response = client.post(url, {"email": email})
    assert "déjà membre" in response.content.decode()
    assert Membership.objects.filter(user=world.users["member_a"]).count() == 1
    response = client.post(url, {"email": "pas-une-adresse"})
    assert response.status_code == 200
    assert Membership.objects.filter(organisation=world.org_a).count() == 3


def test_outsiders_cannot_invite(client, world):
    url = reverse("wagtailsnippets_courses_partnerorganisation:invite", args=[world.org_a.pk])
    client.force_login(world.users["member_a"])
    client.post(url, {"email": "intrus@example.org"})
    assert not get_user_model().objects.filter(email="intrus@example.org").exists()


def test_staff_record_a_consent_withdrawal_from_the_sessions_page(client, world):
    client.force_login(get_user_model().objects.get(username="coordination"))
    enrolment = world.enrolments["a_consent"]
    url = reverse("wagtailsnippets_courses_session:enrolments", args=[enrolment.session_id])
    response = client.post(url, {"action": "withdraw_consent", "enrolment": enrolment.pk})
    assert "retire son accord de suivi" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.referrer_consent  # asked first, nothing changed yet
    client.post(url, {"action": "withdraw_consent", "enrolment": enrolment.pk, "confirmed": "1"})
    enrolment.refresh_from_db()
    assert not enrolment.referrer_consent
    assert enrolment.referrer_consent_withdrawn_at is not None
    assert "accord retiré le" in client.get(url).content.decode()


def test_the_zip_stream_is_a_valid_archive_including_zip64_offsets(tmp_path):
    """The hand-written ZIP reads back with zipfile and `unzip -t`, also past the 4 GiB mark."""
    import subprocess
    import zipfile

    from partners import zipstream

    def build(names):
        archive = zipstream.ZipStream()
        data = b""
        for index, name in enumerate(names):
            data += b"".join(
                archive.add(
                    name, io.BytesIO(b"%PDF" + bytes([index]) * 3000), (2026, 11, 25, 10, 30, 0)
                )
            )
        data += b"".join(archive.finish())
        return data

    names = ["Élodie-DUPONT_NUMIXS-2026-000001_attestation.pdf", "b.pdf", "c.pdf"]
    data = build(names)
    opened = zipfile.ZipFile(io.BytesIO(data))
    assert opened.namelist() == names
    assert opened.testzip() is None
    assert opened.read("b.pdf") == b"%PDF" + bytes([1]) * 3000
    assert opened.getinfo("b.pdf").date_time == (2026, 11, 25, 10, 30, 0)
    path = tmp_path / "a.zip"
    path.write_bytes(data)
    if subprocess.run(["which", "unzip"], capture_output=True).returncode == 0:
        assert subprocess.run(["unzip", "-tq", str(path)], capture_output=True).returncode == 0

    # Pretend the archive already holds 4 GiB: offsets and the end records switch to ZIP64.
    archive = zipstream.ZipStream()
    archive.offset = zipstream.ZIP64_LIMIT + 10
    padding = archive.offset
    body = b"".join(archive.add("big.pdf", io.BytesIO(b"%PDF-x"), (2026, 1, 1, 0, 0, 0)))
    body += b"".join(archive.finish())
    assert b"PK\x06\x06" in body and b"PK\x06\x07" in body  # ZIP64 end record and locator

    class Sparse(io.RawIOBase):
        """The archive as if `padding` zero bytes came first, without holding them."""

        def __init__(self):
            self.position = 0

        def readable(self):
            return True

        def seekable(self):
            return True

        def seek(self, offset, whence=0):
            size = padding + len(body)
            self.position = {0: offset, 1: self.position + offset, 2: size + offset}[whence]
            return self.position

        def tell(self):
            return self.position

        def readinto(self, buffer):
            start, end = self.position, self.position + len(buffer)
            chunk = bytearray(len(buffer))
            if end > padding:
                part = body[max(start - padding, 0) : end - padding]
                chunk[max(padding - start, 0) : max(padding - start, 0) + len(part)] = part
            available = max(0, min(end, padding + len(body)) - start)
            buffer[:available] = chunk[:available]
            self.position += available
            return available

    big = zipfile.ZipFile(io.BufferedReader(Sparse()))
    assert big.read("big.pdf") == b"%PDF-x"
