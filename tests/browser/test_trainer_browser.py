"""The trainer's tablet in a real browser: tap marks, sign, go offline and back, close.

Tablet size with touch. The demo seeds a session today for the demo trainer;
these tests write through the live server, then put that session back as
they found it.
"""

import pytest

from tests.browser.conftest import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    screenshot,
)

pytestmark = pytest.mark.writes_through_live_server


@pytest.fixture
def todays_sitting(django_db_blocker):
    from django.utils import timezone

    from attendance.models import Attendance, AttendanceChange, SittingClosing
    from courses.models import Learner, Sitting
    from demo.attendance import TODAY_MARKER, ensure_todays_sittings

    with django_db_blocker.unblock():
        from django.contrib.auth import get_user_model

        trainer = get_user_model().objects.get(username="formateur")
        ensure_todays_sittings(trainer, list(Learner.objects.all()[:120]))
        sitting = (
            Sitting.objects.filter(session__notes=TODAY_MARKER, date=timezone.localdate())
            .order_by("start_time")
            .first()
        )
    yield sitting
    with django_db_blocker.unblock():
        SittingClosing.objects.filter(sitting__session=sitting.session).delete()
        AttendanceChange.objects.filter(sitting__session=sitting.session).delete()
        Attendance.objects.filter(sitting__session=sitting.session).delete()
        Sitting.objects.filter(session=sitting.session).update(
            closed_at=None, closed_by=None, trainer_signature="", trainer_signature_flagged=False
        )
        sitting.session.enrolments.filter(channel="walk-in").delete()


@pytest.fixture
def tablet(browser, site_url):
    from tests.browser.conftest import VIEWPORTS

    context = browser.new_context(locale="fr-FR", bypass_csp=True, **VIEWPORTS["tablet"])
    page = context.new_page()
    page.size_name = "tablet"
    page.goto(site_url + "/connexion/?next=/formateur/")
    assert_no_axe_violations(page)
    page.fill("#id_username", "formateur")
    page.fill("#id_password", "demo-numixs")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/formateur/")
    yield page
    context.close()


def db_state(django_db_blocker, sitting):
    from attendance.models import Attendance, AttendanceChange

    with django_db_blocker.unblock():
        marks = {
            a.enrolment_id: (a.status, bool(a.signature))
            for a in Attendance.objects.filter(sitting=sitting)
        }
        return marks, AttendanceChange.objects.filter(sitting=sitting).count()


def row(page, index):
    return page.locator(".roster-row").nth(index)


def draw_signature(page, canvas):
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] * 0.6)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(
            box["x"] + 30 + step * 25, box["y"] + box["height"] * (0.3 + 0.4 * (step % 2))
        )
    page.mouse.up()


def wait_sent(page):
    """Until the tablet's outbox is empty (each round of sending finished)."""
    left = None
    for _attempt in range(50):
        left = page.evaluate(
            "window.NumixsOutbox.flush().then(() => window.NumixsOutbox.all()).then(a => a.length)"
        )
        if left == 0:
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"{left} changes still waiting on the tablet")


def test_mark_by_tapping_sign_go_offline_reload_and_come_back(
    tablet, site_url, todays_sitting, django_db_blocker
):
    page = tablet
    assert "Aujourd'hui" in page.locator("h2").first.inner_text()
    screenshot(page, "trainer-home")
    assert_no_axe_violations(page)
    page.locator(f'a[href="/formateur/seance/{todays_sitting.pk}/"]').click()
    page.wait_for_load_state()
    # The service worker takes control, then the roster is worth keeping offline.
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    rows = page.locator(".roster-row")
    total = rows.count()
    assert total == 8
    assert page.locator("[data-unmarked-count]").inner_text() == f"À pointer : {total} sur {total}"

    # Tap: the first learner is late, the second absent, then everyone else present.
    row(page, 0).locator(".mark--late").tap()
    row(page, 1).locator(".mark--absent").tap()
    page.get_by_role("button", name="Tout le monde présent").tap()
    assert page.locator("[data-unmarked-count]").inner_text() == f"À pointer : 0 sur {total}"

    # The first learner signs with a finger.
    row(page, 0).get_by_role("button", name="Faire signer").tap()
    draw_signature(page, page.locator("[data-signature-dialog] canvas"))
    page.get_by_role("button", name="Valider la signature").tap()
    assert row(page, 0).locator("svg.signature").count() == 1
    wait_sent(page)
    screenshot(page, "trainer-roster")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    marks, changes = db_state(django_db_blocker, todays_sitting)
    assert sorted(status for status, _signed in marks.values()) == sorted(
        ["late", "absent"] + ["present"] * (total - 2)
    )
    assert sum(signed for _status, signed in marks.values()) == 1
    assert changes == total + 1

    # The network drops (the van on a market square).
    page.context.set_offline(True)
    row(page, 1).locator(".mark--excused").tap()
    row(page, 2).get_by_role("button", name="Faire signer").tap()
    draw_signature(page, page.locator("[data-signature-dialog] canvas"))
    page.get_by_role("button", name="Valider la signature").tap()
    status = page.locator("[data-sync-status]")
    page.wait_for_function("document.querySelector('[data-sync-status]').dataset.waiting === '2'")
    assert "2 modifications en attente d'envoi" in status.inner_text()
    assert "hors connexion" in status.inner_text()
    screenshot(page, "trainer-roster-offline")

    # Reload while offline: the page comes from the tablet, the waiting changes with it.
    page.reload()
    page.wait_for_selector(".roster-row")
    page.wait_for_function("document.querySelector('[data-sync-status]').dataset.waiting === '2'")
    assert row(page, 1).locator("input[value=excused]").is_checked()
    assert row(page, 2).locator("svg.signature").count() == 1
    assert db_state(django_db_blocker, todays_sitting)[1] == total + 1  # nothing left yet

    # The network comes back: the changes leave, once.
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_sent(page)
    page.evaluate("window.NumixsOutbox.flush()")  # sending again changes nothing
    marks, changes = db_state(django_db_blocker, todays_sitting)
    assert changes == total + 3
    assert sorted(status for status, _signed in marks.values()).count("excused") == 1
    assert sum(signed for _status, signed in marks.values()) == 2

    # Close: on the roster itself, which lists who has not signed; the trainer signs.
    page.get_by_role("link", name="Clôturer la séance").tap()
    dialog = page.locator("[data-close-dialog]")
    dialog.wait_for(state="visible")
    assert dialog.locator("[data-close-unmarked]").is_hidden()  # everyone is marked
    unsigned = dialog.locator("[data-close-unsigned] li").all_inner_texts()
    assert len(unsigned) == total - 3  # two signed, one excused
    assert_no_axe_violations(page)
    screenshot(page, "trainer-close-dialog")
    draw_signature(page, dialog.locator("canvas"))
    with page.expect_navigation(url=f"**/formateur/seance/{todays_sitting.pk}/"):
        dialog.get_by_role("button", name="Signer et clôturer").tap()
    assert "Séance clôturée" in page.content()
    assert page.locator(".roster-row fieldset[disabled]").count() == total
    screenshot(page, "trainer-roster-closed")
    assert_no_axe_violations(page)
    with django_db_blocker.unblock():
        todays_sitting.refresh_from_db()
        assert todays_sitting.is_closed and todays_sitting.trainer_signature

    # The attendance sheet, as a PDF.
    with page.expect_download() as download:
        page.get_by_role("link", name="Feuille d'émargement (PDF)").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_logging_out_keeps_what_waits_then_leaves_nothing_on_the_tablet(
    tablet, site_url, todays_sitting, django_db_blocker
):
    page = tablet
    page.goto(f"{site_url}/formateur/seance/{todays_sitting.pk}/")
    page.evaluate("navigator.serviceWorker.ready")
    page.context.set_offline(True)
    row(page, 0).locator(".mark--present").tap()
    page.wait_for_function("document.querySelector('[data-sync-status]').dataset.waiting === '1'")
    # Logging out now would lose the mark: refused, and said so.
    page.get_by_role("button", name="Se déconnecter").tap()
    refused = page.locator("[data-logout-refused]")
    refused.wait_for(state="visible")
    assert "ne sont pas encore envoyées" in refused.inner_text()
    assert page.url.endswith(f"/formateur/seance/{todays_sitting.pk}/")
    screenshot(page, "trainer-logout-refused")
    assert_no_axe_violations(page)
    # Back online: the mark leaves, then logging out empties the tablet.
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_sent(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Se déconnecter").tap()
    left = page.evaluate(
        """async () => ({
            caches: (await caches.keys()).filter((k) => k.startsWith("numixs-formateur-")),
            workers: (await navigator.serviceWorker.getRegistrations()).length,
            databases: (await indexedDB.databases()).map((d) => d.name),
        })"""
    )
    assert left == {"caches": [], "workers": 0, "databases": []}
    assert db_state(django_db_blocker, todays_sitting)[1] == 1


def test_a_walk_in_from_the_roster(tablet, site_url, todays_sitting, django_db_blocker):
    page = tablet
    page.goto(f"{site_url}/formateur/seance/{todays_sitting.pk}/")
    page.get_by_role("link", name="Ajouter une personne venue sans inscription").tap()
    page.wait_for_url("**/sans-inscription/")
    assert_no_axe_violations(page)
    page.fill("#id_first_name", "Inès")
    page.fill("#id_last_name", "Essai-Surplace")
    page.fill("#id_phone", "06 98 76 54 32")
    with page.expect_navigation(url=f"**/formateur/seance/{todays_sitting.pk}/"):
        page.get_by_role("button", name="Ajouter et marquer présent(e)").tap()
    added = page.locator(".roster-row", has_text="ESSAI-SURPLACE Inès")
    assert added.locator("input[value=present]").is_checked()
    assert "sans inscription" in added.inner_text()


def test_the_roster_does_not_move_under_the_finger(tablet, site_url, todays_sitting):
    """The sync line appears after the first tap: it must not push the next learner's
    buttons away (the trainer's next tap would land on the wrong learner)."""
    page = tablet
    page.goto(f"{site_url}/formateur/seance/{todays_sitting.pk}/")
    page.wait_for_function("window.NumixsOutbox !== undefined")
    target = row(page, 1).locator(".mark--absent")
    before = target.bounding_box()
    row(page, 0).locator(".mark--late").tap()
    page.locator("[data-sync-status]").filter(has_text="Tout est envoyé").wait_for()
    after = target.bounding_box()
    assert after["y"] == before["y"], f"moved by {after['y'] - before['y']}px"
    wait_sent(page)
