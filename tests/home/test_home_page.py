import re

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, StandardPage
from tests.described import visible_text

pytestmark = pytest.mark.django_db


def test_the_home_page_says_who_it_is_for_with_four_entry_points(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for title in (
        "Je cherche un emploi",
        "Je suis artisan",
        "Je suis commerçant",
        "Je veux apprendre",
    ):
        assert title in html
    assert html.count('class="tile__link"') == 4


def test_each_entry_point_leads_to_a_live_page(client, home_page):
    html = client.get("/").content.decode()
    links = re.findall(r'class="tile__link" href="([^"]+)"', html)
    assert len(links) == 4
    for link in links:
        assert client.get(link).status_code == 200


def test_the_home_page_shows_the_three_places_and_how_to_call(client, home_page):
    html = client.get("/").content.decode()
    for place in ("Station Numixs", "FacLab Numixs", "Numixs Lab"):
        assert place in html
    assert 'href="tel:0199001234"' in html
    assert 'href="tel:0199001234"' in html
    assert "Appeler le 01 99 00 12 34" in visible_text(html)  # the header's call link


def test_editors_change_the_phone_number_in_one_place(client, demo_site):
    from core.models import ContactSettings

    contact = ContactSettings.for_site(demo_site)
    contact.phone = "01 99 00 56 78"
    contact.save()
    html = client.get("/").content.decode()
    assert "01 99 00 56 78" in html and "01 99 00 12 34" not in html


def test_the_base_template_is_french_with_a_skip_link_and_landmarks(client, home_page):
    html = client.get("/").content.decode()
    assert '<html lang="fr">' in html
    assert '<a class="skip-link" href="#contenu">Aller au contenu</a>' in html
    assert '<main id="contenu"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert html.count("<h1") == 1


def test_no_page_loads_anything_from_another_site(client, home_page):
    html = client.get("/").content.decode()
    external = re.findall(r'(?:src|href)="(?:https?:)?//[^"]+"', html)
    assert external == []


def test_a_content_page_has_breadcrumbs_back_home(client, home_page):
    page = StandardPage.objects.get(slug="qui-sommes-nous")
    html = client.get(page.url).content.decode()
    assert "Fil d&#x27;Ariane" in html or "Fil d'Ariane" in html
    assert 'aria-current="page">Qui sommes-nous' in html


def test_footer_links_to_legal_notice_and_accessibility_statement(client, home_page):
    html = client.get("/").content.decode()
    assert "Mentions légales" in html
    assert "Accessibilité" in html


def test_english_is_available_when_the_visitor_chooses_it(client, home_page):
    response = client.post("/langue/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html


def test_a_browser_set_to_english_still_gets_french(client, home_page):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="fr">' in html


class TestPageTree(WagtailPageTestCase):
    def test_the_home_page_sits_at_the_root_once(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        from courses.models import CataloguePage

        self.assertAllowedSubpageTypes(HomePage, {StandardPage, CataloguePage})
        assert HomePage.max_count == 1

    def test_content_pages_live_under_the_home_page(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})


def test_the_home_page_needs_a_small_fixed_number_of_queries(
    client, home_page, django_assert_max_num_queries
):
    client.get("/")  # warm Wagtail's per-process caches (site root paths)
    with django_assert_max_num_queries(10):
        assert client.get("/").status_code == 200
