"""A trainer's whole day offline in the Numixs Lab van (tablet, touch).

Log in with network, leave at once: the sittings of today were made ready on
"Mes séances" before the trainer left the page. Then, offline: open a sitting
never opened before, mark everyone (and undo a tap too many), add a walk-in
and have them sign, close the sitting with a signature, reload, close the
tablet and open it again — and only then come back online. Every change
arrives exactly once, in the order it was made.
"""

import pytest

from tests.browser import test_trainer_browser as trainer_tests
from tests.browser.conftest import (
    VIEWPORTS,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    delete_learners,
    screenshot,
)
from tests.browser.test_trainer_browser import draw_signature, row, wait_sent

todays_sitting = trainer_tests.todays_sitting  # the demo trainer's sitting of today

pytestmark = pytest.mark.writes_through_live_server

WALK_IN_NAME = "Horsligne-Essai"


@pytest.fixture
def van(browser, site_url, django_db_blocker):
    context = browser.new_context(locale="fr-FR", bypass_csp=True, **VIEWPORTS["tablet"])
    yield context
    context.close()
    delete_learners(django_db_blocker, WALK_IN_NAME)


def log_in(context, site_url):
    page = context.new_page()
    page.size_name = "tablet"
    page.goto(site_url + "/connexion/?next=/formateur/")
    page.fill("#id_username", "formateur")
    page.fill("#id_password", "demo-numixs")
    with page.expect_navigation(url="**/formateur/"):
        page.get_by_role("button", name="Se connecter").click()
    return page


def waiting(page):
    return page.evaluate("window.NumixsOutbox.all().then((all) => all.length)")


def test_a_whole_day_offline_from_the_first_visit(van, site_url, todays_sitting, django_db_blocker):
    from attendance.models import AttendanceChange, SittingClosing
    from courses.models import Enrolment

    page = log_in(van, site_url)
    card = page.locator(f'[data-offline-urls] a[href="/formateur/seance/{todays_sitting.pk}/"]')
    card.get_by_text("✓ disponible hors connexion").wait_for()
    screenshot(page, "trainer-home-ready-offline")
    assert_no_axe_violations(page)

    # The van leaves: no network from now on. "Mes séances" still opens, still ready.
    van.set_offline(True)
    page.reload()
    card.get_by_text("✓ disponible hors connexion").wait_for()
    with page.expect_navigation():
        card.tap()
    rows = page.locator(".roster-row")
    rows.first.wait_for()
    total = rows.count()
    assert total == 8

    # Everyone present… one tap too many: undone, then the real marks.
    page.get_by_role("button", name="Tout le monde présent", exact=True).tap()
    assert page.locator("[data-unmarked-count]").inner_text() == f"À pointer : 0 sur {total}"
    page.get_by_role("button", name=f"Annuler « Tout le monde présent » ({total})").tap()
    assert page.locator("[data-unmarked-count]").inner_text() == (
        f"À pointer : {total} sur {total}"
    )
    row(page, 1).locator(".mark--absent").tap()
    assert row(page, 1).get_by_role("button", name="Faire signer").count() == 0  # absent
    page.get_by_role("button", name="Tout le monde présent", exact=True).tap()
    row(page, 0).locator(".mark--late").tap()
    row(page, 0).get_by_role("button", name="Faire signer").tap()
    draw_signature(page, page.locator("[data-signature-dialog] canvas"))
    page.get_by_role("button", name="Valider la signature").tap()

    # Someone came without enrolling.
    with page.expect_navigation():
        page.get_by_role("link", name="Ajouter une personne venue sans inscription").tap()
    page.fill("#id_first_name", "Awa")
    page.fill("#id_last_name", WALK_IN_NAME)
    # No phone, no e-mail: said at once, in words, with the focus on the message.
    page.get_by_role("button", name="Ajouter et marquer présent(e)").tap()
    problem = page.locator("[data-walk-in-problem]")
    problem.wait_for(state="visible")
    assert "un téléphone ou une adresse e-mail" in problem.inner_text()
    assert page.evaluate("document.activeElement.hasAttribute('data-walk-in-problem')")
    assert page.locator("#id_first_name").input_value() == "Awa"  # nothing typed is lost
    page.fill("#id_phone", "06 11 22 33 44")
    with page.expect_navigation(url=f"**/formateur/seance/{todays_sitting.pk}/"):
        page.get_by_role("button", name="Ajouter et marquer présent(e)").tap()
    added = page.locator(".roster-row", has_text=f"{WALK_IN_NAME.upper()} Awa")
    added.wait_for()
    assert added.locator("input[value=present]").is_checked()
    assert "en attente d'envoi" in added.inner_text()
    added.get_by_role("button", name="Faire signer").tap()
    draw_signature(page, page.locator("[data-signature-dialog] canvas"))
    page.get_by_role("button", name="Valider la signature").tap()
    assert added.locator("svg.signature").count() == 1
    status = page.locator("[data-sync-status]")
    assert "en attente d'envoi depuis" in status.inner_text()
    assert "hors connexion" in status.inner_text()

    # Closing: the dialog lists who has not signed; the trainer signs.
    page.get_by_role("link", name="Clôturer la séance").tap()
    dialog = page.locator("[data-close-dialog]")
    dialog.wait_for(state="visible")
    assert dialog.locator("[data-close-unmarked]").is_hidden()
    assert len(dialog.locator("[data-close-unsigned] li").all_inner_texts()) == total - 2
    screenshot(page, "trainer-close-dialog-offline")
    assert_no_axe_violations(page)
    draw_signature(page, dialog.locator("canvas"))
    dialog.get_by_role("button", name="Signer et clôturer").tap()
    page.locator("[data-closed-here]").wait_for(state="visible")
    assert page.locator(".roster-row fieldset[disabled]").count() == total + 1
    made = page.evaluate(
        "window.NumixsOutbox.all().then((all) => all.sort((a, b) => a.queued - b.queued)"
        ".map((c) => [c.id, c.kind]))"
    )
    assert made[-1][1] == "close" and made[-3][1] == "walk_in"

    # Reload, then close the tablet and open it again: all still here, nothing sent.
    page.reload()
    page.locator("[data-closed-here]").wait_for(state="visible")
    assert page.locator(".roster-row", has_text=WALK_IN_NAME.upper()).count() == 1
    page.close()
    page = van.new_page()
    page.size_name = "tablet"
    page.goto(f"{site_url}/formateur/seance/{todays_sitting.pk}/")
    page.locator("[data-closed-here]").wait_for(state="visible")
    assert waiting(page) == len(made)
    assert (
        page.locator(".roster-row", has_text=WALK_IN_NAME.upper()).locator("svg.signature").count()
        == 1
    )
    screenshot(page, "trainer-roster-closed-offline")
    assert_no_horizontal_scroll(page)
    with django_db_blocker.unblock():
        assert not AttendanceChange.objects.filter(sitting=todays_sitting).exists()

    # Back in network range: everything leaves, once, in order.
    van.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_sent(page)
    page.evaluate("window.NumixsOutbox.flush()")  # sending again changes nothing
    with django_db_blocker.unblock():
        received = [
            str(client_id)
            for client_id in AttendanceChange.objects.filter(sitting=todays_sitting)
            .order_by("pk")
            .values_list("client_id", flat=True)
        ]
        assert received == [change_id for change_id, kind in made if kind != "close"]
        assert SittingClosing.objects.filter(sitting=todays_sitting).count() == 1
        todays_sitting.refresh_from_db()
        assert todays_sitting.is_closed and todays_sitting.trainer_signature
        walk_in = Enrolment.objects.get(learner__last_name=WALK_IN_NAME)
        assert walk_in.channel == "walk-in"
        assert walk_in.attendances.get(sitting=todays_sitting).signature
    page.reload()
    assert "Séance clôturée" in page.content()
