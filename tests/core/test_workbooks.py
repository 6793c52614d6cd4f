"""The funders' XLSX workbooks, read back with openpyxl: typed cells, the table's frame
(bold header, filters, frozen panes, totals, notes above), and never a formula."""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from core.workbooks import CONTENT_TYPE, Sheet, sheet_titles, workbook_bytes, xlsx_response

NOTES = (
    "Période : du 01/01/2026 au 30/06/2026",
    "Les effectifs de moins de 5 personnes sont notés « < 5 »",
)


def attendance_sheet(**options):
    arguments = {
        "title": "Participants",
        "headers": ["Commune", "Inscrits", "Heures", "Première séance", "Signée le", "Confirmé"],
        "rows": [
            [
                "Sarcelles",
                1234,
                Decimal("12.5"),
                datetime.date(2026, 3, 2),
                datetime.datetime(2026, 3, 2, 8, 30, tzinfo=datetime.UTC),
                True,
            ],
            ["=1+1", 3, 1.25, None, None, False],
        ],
        "totals": ["Total", 1237, Decimal("13.75"), None, None, None],
        "notes": NOTES,
    }
    return Sheet(**(arguments | options))


def read_back(*sheets, **options):
    data = workbook_bytes(list(sheets), title=options.get("title", "Bilan"), subject="Financeur")
    return openpyxl.load_workbook(io.BytesIO(data))


def test_the_notes_come_first_then_the_header_rows_and_totals():
    worksheet = read_back(attendance_sheet()).active
    assert [worksheet.cell(row=row, column=1).value for row in (1, 2, 3)] == [*NOTES, None]
    assert [cell.value for cell in worksheet[4]] == [
        "Commune",
        "Inscrits",
        "Heures",
        "Première séance",
        "Signée le",
        "Confirmé",
    ]
    assert all(cell.font.b for cell in worksheet[4])
    assert worksheet["A5"].value == "Sarcelles"
    assert [cell.value for cell in worksheet[7]][:3] == ["Total", 1237, 13.75]
    assert all(cell.font.b for cell in worksheet[7])
    assert not worksheet["A5"].font.b
    assert worksheet.max_row == 7


def test_without_notes_the_table_starts_on_the_first_row():
    worksheet = read_back(attendance_sheet(notes=(), totals=None)).active
    assert worksheet["A1"].value == "Commune" and worksheet["A1"].font.b
    assert worksheet.freeze_panes == "B2"
    assert worksheet.auto_filter.ref == "A1:F3"
    assert worksheet.max_row == 3


def test_panes_freeze_below_the_header_and_filters_cover_the_table_not_the_totals():
    worksheet = read_back(attendance_sheet()).active
    assert worksheet.freeze_panes == "B5"
    assert worksheet.auto_filter.ref == "A4:F6"


def test_numbers_are_numbers():
    worksheet = read_back(attendance_sheet()).active
    whole, decimal, small = worksheet["B5"], worksheet["C5"], worksheet["C6"]
    assert whole.data_type == "n" and whole.value == 1234 and whole.number_format == "#,##0"
    assert decimal.data_type == "n" and decimal.value == 12.5
    assert decimal.number_format == "#,##0.00"
    assert small.value == 1.25 and small.number_format == "#,##0.00"


def test_dates_are_dates_and_instants_are_in_paris_time():
    worksheet = read_back(attendance_sheet()).active
    day, instant = worksheet["D5"], worksheet["E5"]
    assert day.is_date and day.value == datetime.datetime(2026, 3, 2)
    assert day.number_format == "DD/MM/YYYY"
    assert instant.is_date and instant.value == datetime.datetime(2026, 3, 2, 9, 30)
    assert instant.number_format == "DD/MM/YYYY HH:MM"
    summer = datetime.datetime(2026, 7, 1, 8, 0, tzinfo=datetime.UTC)
    worksheet = read_back(attendance_sheet(rows=[["Gonesse", 1, 1, None, summer, True]])).active
    assert worksheet["E5"].value == datetime.datetime(2026, 7, 1, 10, 0)


def test_yes_no_and_empty_cells():
    worksheet = read_back(attendance_sheet()).active
    assert worksheet["F5"].value == "oui" and worksheet["F6"].value == "non"
    assert worksheet["D6"].value is None and worksheet["E6"].value is None


def test_text_that_looks_like_a_formula_stays_text():
    data = workbook_bytes(
        [attendance_sheet(rows=[["=1+1", 1, 1, None, None, True], ['=HYPERLINK("x")']])],
        title="Bilan",
    )
    worksheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert worksheet["A5"].value == "=1+1" and worksheet["A5"].data_type == "s"
    assert worksheet["A6"].value == '=HYPERLINK("x")' and worksheet["A6"].data_type == "s"
    assert b"<f>" not in _sheet_xml(data)


def test_control_characters_are_dropped_rather_than_breaking_the_file():
    worksheet = read_back(attendance_sheet(rows=[["Gon\x00esse\x1b", 1]])).active
    assert worksheet["A5"].value == "Gonesse"


def test_columns_fit_their_content_within_limits():
    worksheet = read_back(
        attendance_sheet(rows=[["x" * 200, 1, 1, None, None, True]], notes=("n" * 300,))
    ).active
    widths = worksheet.column_dimensions
    assert widths["A"].width == 60  # capped, and the long note does not widen it
    assert widths["B"].width == 10  # "Inscrits" + 2
    assert widths["D"].width == len("Première séance") + 2


def test_one_worksheet_per_sheet_with_names_excel_accepts():
    workbook = read_back(
        attendance_sheet(title="Bilan [T1]: 2026/2027 * ? \\ par commune et par partenaire"),
        attendance_sheet(title="Participants"),
        attendance_sheet(title="participants"),
        attendance_sheet(title=""),
    )
    names = workbook.sheetnames
    assert names[0] == "Bilan T1 2026 2027 par commune"
    assert names[1:] == ["Participants", "participants (2)", "Feuille"]
    assert all(len(name) <= 31 for name in names)


def test_sheet_titles_stay_unique_and_short():
    names = sheet_titles(["A" * 40, "a" * 40, "History"])
    assert names == ["A" * 31, "a" * 27 + " (2)", "History (2)"]


def test_the_workbook_says_what_it_is_and_who_made_it():
    workbook = read_back(attendance_sheet(), title="Bilan du premier semestre")
    assert workbook.properties.title == "Bilan du premier semestre"
    assert workbook.properties.subject == "Financeur"
    assert workbook.properties.creator == "Numixs Formations"


def test_a_workbook_needs_a_sheet():
    with pytest.raises(ValueError):
        workbook_bytes([], title="Bilan")


def test_the_response_is_an_xlsx_download():
    response = xlsx_response("bilan-financeur-2026", [attendance_sheet()], title="Bilan")
    assert response["Content-Type"] == CONTENT_TYPE
    assert CONTENT_TYPE == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="bilan-financeur-2026.xlsx"'
    assert response["Cache-Control"] == "no-store"
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Participants"]


def test_a_french_file_name_is_offered_to_every_browser():
    response = xlsx_response("bilan-été.xlsx", [attendance_sheet()], title="Bilan")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''bilan-%C3%A9t%C3%A9.xlsx"
    )


def _sheet_xml(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")
