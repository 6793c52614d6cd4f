"""A resident with only a phone: from the home page to a seat, an SMS and a convocation.

Measured as the issue asks: from each home tile the first result's top edge is within
1.5 screen heights; the header is at most 120 px; enrolling without e-mail takes at
most six taps from the course page; the error summary takes focus and each of its
links moves focus to its field; no sideways scroll at 320 px with the text at 200 %;
standalone links, buttons and controls are at least 44 px high; "Écouter" reads the
easy-to-read block aloud where the browser can speak.
"""

import pytest

from tests.browser.conftest import (
    VIEWPORTS,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    delete_learners,
    screenshot,
)

LAST_NAME = "Essai-Telephone"


@pytest.fixture
def cleanup(django_db_blocker):
    yield
    delete_learners(django_db_blocker, LAST_NAME)


def top_of(page, selector):
    return page.evaluate(
        f"document.querySelector({selector!r}).getBoundingClientRect().top + window.scrollY"
    )


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_from_each_home_tile_the_results_come_first(page, site_url):
    page.goto(site_url + "/")
    header = page.evaluate("document.querySelector('.site-header').offsetHeight")
    assert header <= 120, f"the header takes {header}px"
    # The phone is one tap away, as a tel: link.
    assert page.locator(".header-call").get_attribute("href").startswith("tel:")
    tiles = page.locator(".tile__link")
    assert tiles.count() == 4
    for index in range(tiles.count()):
        page.goto(site_url + "/")
        with page.expect_navigation():
            page.locator(".tile__link").nth(index).tap()
        first = top_of(page, ".course-card")
        assert first <= 1.5 * 667, f"tile {index}: the first result starts at {first}px"
        # The tile's criterion is applied and counted; the criteria stay folded.
        toggle = " ".join(page.locator(".filters__toggle").text_content().split())
        assert toggle == "Modifier mes critères (1)"
        assert not page.locator("details.filters").evaluate("d => d.open")
    screenshot(page, "catalogue-from-tile")
    assert_no_axe_violations(page)


@pytest.mark.writes_through_live_server
@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_enrol_without_email_in_six_taps_then_sms_and_convocation(
    page, site_url, cleanup, django_db_blocker
):
    from core import sms

    page.goto(site_url + "/")
    with page.expect_navigation():
        page.get_by_role("link", name="Je cherche un emploi").first.tap()
    with page.expect_navigation():
        page.locator(".course-card__title a").first.tap()
    assert "public=demandeurs-emploi" in page.url  # the criteria followed
    assert "dates correspond" in page.locator(".course-filtered").inner_text()
    screenshot(page, "course-from-tile")
    assert_no_axe_violations(page)

    taps = 0

    def tap(locator, navigates=False):
        nonlocal taps
        taps += 1
        if navigates:
            with page.expect_navigation():
                locator.tap()
        else:
            locator.tap()

    sms.outbox.clear()
    tap(page.locator("#sessions ~ ul a.button", has_text="M'inscrire").first, navigates=True)
    # The situation is already said (from the tile): nothing to tick.
    assert page.get_by_label("Je cherche un emploi").is_checked()
    for selector, value in [
        ("#id_first_name", "Awa"),
        ("#id_last_name", f"{LAST_NAME}-six"),
        ("#id_phone", "06 98 76 54 32"),
        ("#id_town", "Sarcelles"),
    ]:
        tap(page.locator(selector))
        page.keyboard.type(value)
    tap(page.get_by_role("button", name="Confirmer mon inscription"), navigates=True)
    assert taps <= 6
    assert "vous êtes inscrit(e)" in page.locator("h1").inner_text()
    reference = page.locator(".reference__code").inner_text()
    assert len(reference) == 6
    assert "Nous vous avons envoyé un SMS" in page.locator("main").inner_text()
    sent = [message for message in sms.outbox if message.to == "06 98 76 54 32"]
    assert len(sent) == 1 and reference in sent[0].text
    screenshot(page, "confirmation-sms")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Ma convocation, à imprimer ou à montrer").tap()
    assert page.locator("h1").inner_text() == "Convocation à la formation"
    assert reference in page.locator(".reference").inner_text()
    assert page.locator(".convocation").get_by_role("link", name="Voir le lieu sur une carte")
    screenshot(page, "convocation")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    pdf_url = page.get_by_role("link", name="Télécharger en PDF").get_attribute("href")
    pdf = page.request.get(site_url + pdf_url)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # The SMS's short link leads back to the learner's page.
    link = sent[0].text.split("http")[-1].split()[0]
    page.goto(site_url + "/i/" + link.rsplit("/i/", 1)[1])
    assert page.locator(".reference__code").inner_text() == reference


@pytest.mark.parametrize("page", ["phone", "desktop"], indirect=True)
def test_the_error_summary_takes_focus_and_its_links_focus_each_field(page, site_url):
    page.goto(site_url + "/formations/")
    page.locator(".session-card a.button").first.click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Confirmer mon inscription").click()
    page.wait_for_load_state()
    assert page.title().startswith("Erreur : ")
    assert page.evaluate("document.activeElement.matches('[data-error-summary]')")
    links = page.locator("[data-error-summary] a")
    assert links.count() == 5
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("data-focus")
        link.click()
        assert page.evaluate("document.activeElement.id") == target
        # The control announces its error: its aria-describedby names the message.
        described = page.evaluate(
            "id => document.getElementById(id).getAttribute('aria-describedby')"
            " || document.getElementById(id).closest('fieldset[aria-describedby]')"
            "?.getAttribute('aria-describedby')",
            target,
        )
        assert described and all(
            page.locator(f"[id='{name}']").count() == 1 for name in described.split()
        )
    screenshot(page, "enrol-error-summary")
    assert_no_axe_violations(page)


def _pages_a_phone_user_sees(site_url, django_db_blocker):
    from courses.links import manage_url
    from courses.models import Enrolment

    with django_db_blocker.unblock():
        enrolment = (
            Enrolment.objects.filter(status="confirmed", session__status="open")
            .select_related("session")
            .order_by("pk")
            .first()
        )
        course = enrolment.session.course
        manage = manage_url(enrolment)
    return [
        "/",
        "/formations/?public=demandeurs-emploi",
        f"{course.url}?public=demandeurs-emploi",
        f"/formations/inscription/{enrolment.session.public_id}/",
        manage,
        manage + "convocation/",
        "/recherche/?q=excel",
    ]


def test_no_sideways_scroll_at_320_px_with_the_text_at_200_percent(
    browser, site_url, django_db_blocker
):
    """The reader's own text size (the browser setting), not a zoom: the layout must
    reflow in 320 px with letters twice as big."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-FR")
    page = context.new_page()
    context.new_cdp_session(page).send(
        "Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}}
    )
    page.size_name = "320px-text-200"
    for path in _pages_a_phone_user_sees(site_url, django_db_blocker):
        page.goto(site_url + path)
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 32
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        if path.startswith("/formations/inscription/"):
            page.get_by_role("button", name="Confirmer mon inscription").click()
            page.wait_for_load_state()
            assert_no_horizontal_scroll(page)
            screenshot(page, "enrol-errors")
    context.close()


STANDALONE_TARGETS = """
[...document.querySelectorAll(
    'main a, main button, main input, main select, main summary, header a, header button')]
  .filter(e => e.offsetParent !== null && !e.closest('.visually-hidden, .honeypot')
               && e.type !== 'radio' && e.type !== 'checkbox' && e.type !== 'hidden')
  .filter(e => e.tagName !== 'A'
               || e.parentElement.textContent.trim() === e.textContent.trim())
  .map(e => [e.tagName + ' ' + e.textContent.trim().slice(0, 40),
             e.getBoundingClientRect().height])
  .filter(([name, height]) => height < 43.5)
"""


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_standalone_links_buttons_and_controls_are_44_px_high(page, site_url, django_db_blocker):
    for path in _pages_a_phone_user_sees(site_url, django_db_blocker):
        page.goto(site_url + path)
        too_small = page.evaluate(STANDALONE_TARGETS)
        assert too_small == [], f"{path}: {too_small}"


FAKE_SPEECH = """
window.__spoken = [];
Object.defineProperty(window, "speechSynthesis", { configurable: true, value: {
  speaking: false,
  speak(u) { window.__spoken.push([u.text, u.lang]); this.speaking = true; },
  cancel() { this.speaking = false; },
} });
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; }
  addEventListener(name, handler) { if (name === "error") window.__fail = handler; } };
"""


@pytest.mark.parametrize("page", ["phone", "desktop"], indirect=True)
def test_listen_reads_the_easy_to_read_block_aloud(page, site_url, django_db_blocker):
    from courses.models import CoursePage

    with django_db_blocker.unblock():
        course = CoursePage.objects.live().exclude(easy_read="").order_by("pk").first()
        lines = course.easy_read_lines
    page.add_init_script(FAKE_SPEECH)
    page.goto(site_url + course.url)
    block = page.locator("[data-easy-read]")
    assert block.get_by_role("heading", name="En bref, facile à lire").is_visible()
    button = block.get_by_role("button", name="Écouter")
    button.click()
    assert page.evaluate("window.__spoken") == [[line, "fr-FR"] for line in lines]
    # The button's name says what a press does now; no pressed state on top of it.
    assert (
        block.get_by_role("button", name="Arrêter la lecture").get_attribute("aria-pressed") is None
    )
    block.get_by_role("button", name="Arrêter la lecture").click()
    assert block.get_by_role("button", name="Écouter").is_visible()
    # A browser without a French voice fails the utterance: the button comes back.
    button.click()
    page.evaluate("window.__fail()")
    assert block.get_by_role("button", name="Écouter").is_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_where_the_browser_cannot_speak_there_is_no_listen_button(
    browser, page, site_url, django_db_blocker
):
    from courses.models import CoursePage

    with django_db_blocker.unblock():
        course = CoursePage.objects.live().exclude(easy_read="").order_by("pk").first()
    context = browser.new_context(locale="fr-FR", bypass_csp=True, **VIEWPORTS["phone"])
    mute = context.new_page()
    mute.add_init_script(
        "Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: undefined})"
    )
    mute.goto(site_url + course.url)
    assert mute.locator("[data-easy-read] p").first.is_visible()  # the text is still there
    assert not mute.locator("[data-listen]").is_visible()
    context.close()
