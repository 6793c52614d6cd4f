"""The *Rapports* pages: what a coordinator sees, what a funder receives, who is refused."""

import csv
import datetime
import html as htmllib
import io
import re

import openpyxl
import pytest
from django.utils import timezone

from tests.home.test_desk import a_year_of_sessions
from tests.reports import test_queries

pytestmark = pytest.mark.django_db

world = test_queries.world
NOVEMBER_2024 = "start=01/11/2024&end=30/11/2024"
PAGE_BUDGET = 60  # Wagtail's admin frame (menus, the user) and the report's few queries


@pytest.fixture
def coordinator(client, demo_site):
    assert client.login(username="coordination", password="demo-numixs")
    return client


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return htmllib.unescape(response.content.decode())


def workbook(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return openpyxl.load_workbook(io.BytesIO(response.content))


def table_rows(sheet):
    """The rows under the bold header (the notes above it are skipped)."""
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if sheet.cell(i + 1, 1).font.bold and row[0])
    return rows[header], rows[header + 1 :]


def test_the_reports_menu_lists_each_report(coordinator):
    html = page(coordinator, "/admin/rapports/")
    for title in (
        "Activité",
        "Bilan pédagogique et financier (BPF)",
        "Médiation numérique (La Coop)",
        "Département : RSA et quartiers prioritaires",
        "Partenaires",
    ):
        assert title in html
    assert '"/admin/rapports/bpf/"' in page(coordinator, "/admin/")  # the sidebar's menu


def test_each_report_opens_on_its_usual_period_with_charts_and_tables(coordinator):
    for slug in ("activite", "bpf", "coop", "departement", "partenaires"):
        html = page(coordinator, f"/admin/rapports/{slug}/")
        assert '<table class="listing">' in html, slug
        assert "Télécharger le classeur (XLSX)" in html, slug
    bpf = page(coordinator, "/admin/rapports/bpf/")
    assert "Bilan pédagogique et financier (BPF) — 2025" in bpf  # last year: the BPF's year
    activity = page(coordinator, "/admin/rapports/activite/")
    assert "Activité — Décembre 2026" in activity or "Activité — décembre 2026" in activity
    # Each chart is an image with a title and a description, next to its table.
    chart = re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="([^"]+)"', activity)
    assert chart, "no chart"
    for element_id in chart.group(1).split():
        assert f'id="{element_id}"' in activity


def test_figures_on_screen_are_the_real_ones(coordinator, world):
    html = page(coordinator, f"/admin/rapports/partenaires/?{NOVEMBER_2024}")
    row = re.search(r"<th scope=\"row\">Mission locale Test</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r">([^<]+)</td>", row) == ["1", "1", "1", "0", "0", "1", "0 %"]


def test_the_workbook_is_typed_and_hides_small_groups(coordinator, world):
    response = coordinator.get(f"/admin/rapports/activite/?{NOVEMBER_2024}&format=xlsx")
    assert response["Content-Disposition"].startswith(
        'attachment; filename="numixs-activite-20241101-20241130.xlsx"'
    )
    book = workbook(response)
    assert book.sheetnames[0] == "Par mois" and "Par public" in book.sheetnames
    header, rows = table_rows(book["Par mois"])
    assert header == (
        "Mois", "Sessions", "Séances", "Heures dispensées", "Personnes", "Heures-stagiaires",
        "Taux de présence",
    )  # fmt: skip
    november, totals = rows[0], rows[-1]
    assert november[0] == datetime.datetime(2024, 11, 1)  # a real date
    assert november[1:4] == (2, 3, 8.5)  # real numbers
    assert november[4] == 5  # five people: shown
    assert totals[0] == "Total" and totals[5] == 22.5
    assert book["Par mois"].freeze_panes
    _header, lab = table_rows(book["Étapes du Numixs Lab"])
    assert lab[0][0] == "Goussainville" and lab[0][4] == "< 5"  # three people: hidden
    notes = [row[0] for row in book["Par mois"].iter_rows(max_row=4, values_only=True)]
    assert any("moins de 5 personnes" in (note or "") for note in notes)


def test_the_coop_beneficiaries_sheet_follows_the_coops_import_layout(coordinator, world):
    book = workbook(coordinator.get(f"/admin/rapports/coop/?{NOVEMBER_2024}&format=xlsx"))
    sheet = book["Bénéficiaires"]
    # La Coop's import reads its rows from the fourth line: name first, then first name.
    assert sheet.cell(3, 1).value == "Nom" and sheet.cell(3, 2).value == "Prénom"
    assert [sheet.cell(4, column).value for column in range(1, 10)] == [
        "Alaoui", "Amina", "1980", "Sarcelles", "95585", "95200", "06 11 22 33 44",
        "amina@example.org", "Féminin",
    ]  # fmt: skip


def test_a_table_as_csv_for_french_excel(coordinator, world):
    response = coordinator.get(f"/admin/rapports/activite/?{NOVEMBER_2024}&format=csv&table=mois")
    text = response.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0][0] == "Mois"
    assert lines[1][1:] == ["2", "3", "8,50", "5", "22,50", "67"]
    assert (
        coordinator.get(
            f"/admin/rapports/activite/?{NOVEMBER_2024}&format=csv&table=nope"
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=32/13/2026&end=31/12/2026", "Cette date du début n'existe pas"),
        ("start=01/02/2026&end=31/02/2026", "Cette date de fin n'existe pas"),
        ("start=01/01/9999&end=31/12/9999", "Choisissez une date entre 2000 et 2100."),
        ("start=01/01/0001&end=31/12/0001", "Choisissez une date entre 2000 et 2100."),
        ("start=01/12/2026&end=01/11/2026", "La fin de la période doit venir après son début."),
        ("start=01/01/2020&end=31/12/2026", "Choisissez une période de trois ans au plus"),
        ("start=01/01/2026&end=31/12/2026&partner=999999", "Ce choix n'existe plus"),
        ("start=01/01/2026&end=31/12/2026&audience=<b>", "Ce choix n'existe pas"),
    ],
)
def test_bad_input_says_why_in_french_and_computes_nothing(coordinator, query, message):
    for suffix in ("", "&format=xlsx"):
        response = coordinator.get(f"/admin/rapports/activite/?{query}{suffix}")
        assert response.status_code == 200
        html = htmllib.unescape(response.content.decode())
        assert message in html
        assert "Le rapport n'a pas été calculé" in html
        assert 'class="listing"' not in html


@pytest.mark.parametrize("username", ["formateur", "partenaire", "apprenant"])
def test_only_coordinators_see_reports(client, demo_site, username):
    assert client.login(username=username, password="demo-numixs")
    for url in ("/admin/rapports/", "/admin/rapports/bpf/?format=xlsx"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "spreadsheetml" not in response.get("Content-Type", "")


def test_an_unknown_report_is_not_found(coordinator):
    assert coordinator.get("/admin/rapports/inconnu/").status_code == 404


def test_a_report_page_costs_the_same_queries_with_a_year_of_data(
    coordinator, django_assert_max_num_queries
):
    url = "/admin/rapports/activite/?start=01/01/2026&end=31/12/2026"
    with django_assert_max_num_queries(PAGE_BUDGET):
        coordinator.get(url)
    a_year_of_sessions(timezone.localdate())  # the pinned day (tests/conftest.py)
    for slug in ("activite", "bpf", "coop", "departement", "partenaires"):
        with django_assert_max_num_queries(PAGE_BUDGET, info=slug):
            assert (
                coordinator.get(
                    f"/admin/rapports/{slug}/?start=01/01/2026&end=31/12/2026"
                ).status_code
                == 200
            )


def test_the_departements_file_numbers_people_instead_of_naming_them(coordinator, world):
    screen = page(coordinator, f"/admin/rapports/departement/?{NOVEMBER_2024}")
    assert "Alaoui" in screen  # the coordinator sees who the hours are
    response = coordinator.get(f"/admin/rapports/departement/?{NOVEMBER_2024}&format=xlsx")
    book = workbook(response)
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    assert "Alaoui" not in cells and "Amina" not in cells
    header, rows = table_rows(book["Heures par bénéficiaire du RSA"])
    assert header[:3] == ("N° de personne", "Année de naissance", "Commune")
    assert rows[0][1:3] == ("1980", "Sarcelles")  # a year, not "1 980"


def test_the_admin_home_shows_this_month_with_links_to_the_reports(coordinator):
    html = page(coordinator, "/admin/")
    assert "Ce mois-ci : décembre 2026" in html
    assert "/admin/rapports/activite/?start=01%2F12%2F2026&amp;end=31%2F12%2F2026" in (
        coordinator.get("/admin/").content.decode()
    )
    for label in ("Heures dispensées", "Taux de présence", "Étapes du Numixs Lab"):
        assert label in html


def test_a_mediator_asks_the_funders_questions_on_the_learners_page(coordinator, world):
    from courses.models import Learner

    amina = Learner.objects.get(last_name="Alaoui")
    html = page(coordinator, f"/admin/snippets/courses/learner/edit/{amina.pk}/")
    assert "Pour les financeurs (facultatif)" in html
    for label in ("Année de naissance", "Bénéficiaire du RSA", "La Coop de la médiation"):
        assert label.lower() in html.lower()
    session = page(coordinator, f"/admin/snippets/courses/session/edit/{world['s1'].pk}/")
    assert "Financement" in session and "Objectif de l'action" in session


def test_the_period_shortcuts_keep_the_filters(coordinator):
    html = coordinator.get(
        "/admin/rapports/activite/?start=01/01/2026&end=31/01/2026&town=Sarcelles"
    )
    links = re.findall(r'href="(/admin/rapports/activite/\?[^"]+)"', html.content.decode())
    assert len(links) >= 4 and all("town=Sarcelles" in link for link in links[:4])


def test_a_rate_of_a_small_group_is_hidden_in_the_files_too(coordinator, world):
    """Inscrites "< 5" next to "50 %" would give the count back."""
    url = f"/admin/rapports/partenaires/?{NOVEMBER_2024}&format=xlsx"
    _header, rows = table_rows(workbook(coordinator.get(url))["Par structure"])
    france_travail = next(row for row in rows if row[0] == "France Travail Test")
    assert france_travail[1:3] == ("< 5", "< 5") and france_travail[7] == "< 5"
