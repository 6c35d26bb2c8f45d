"""The summary table (PP-5025) as CSV and .xlsx: every script readable, no cell a spreadsheet
runs as a formula, text stays text; the .xlsx is read back with the library that wrote it."""

import csv
import io
from datetime import UTC, date, datetime

from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from meetings.consultations.documents.summary import (
    SUMMARY_HEADERS,
    XLSX,
    summary_csv_response,
    summary_xlsx_bytes,
    summary_xlsx_response,
)
from participation.opendata.formats import BOM

ROWS = [
    [
        "Yangiqoʻrgʻon ayollar faollari guruhi",
        "2. Ishlar",
        "3",
        "Yoritish LED chiroqlar bilan boʻlsin.",
        "Qisman qabul qilindi",
        "Byudjet yetmaydi.",
    ],
    ["Иванова А.", "1. Общие положения", "1", '=HYPERLINK("http://evil","x")', "Не принято", "+7 998 90 123 45 67"],
    ["@admin", "—", "", "-1 so‘m", "Qabul qilindi", ""],
]


def test_the_csv_has_a_bom_every_script_and_no_formula():
    response = summary_csv_response("xulosa.csv", SUMMARY_HEADERS, ROWS)
    assert response["Content-Disposition"] == 'attachment; filename="xulosa.csv"'
    text = response.content.decode()
    assert text.startswith(BOM)
    header, *rows = csv.reader(io.StringIO(text[len(BOM) :]))
    assert header == ["Author or organisation", "Section", "Paragraph", "Proposal", "Disposition", "Reason"]
    assert rows[0] == ROWS[0]
    assert rows[1][3] == "'" + ROWS[1][3] and rows[1][5] == "'" + ROWS[1][5]
    assert rows[2][0] == "'@admin" and rows[2][3] == "'-1 so‘m"


def read_back(content):
    return load_workbook(io.BytesIO(content)).active


def test_the_xlsx_reads_back_as_written_with_a_bold_frozen_header():
    sheet = read_back(summary_xlsx_bytes(SUMMARY_HEADERS, ROWS, sheet_title="Mahalla rejasi"))
    assert sheet.title == "Mahalla rejasi"
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == [str(header) for header in SUMMARY_HEADERS]
    # Empty text comes back as an empty cell.
    assert values[1:] == [[value or None for value in row] for row in ROWS]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F4"


def test_text_that_looks_like_a_formula_stays_text_in_the_xlsx():
    sheet = read_back(summary_xlsx_bytes(SUMMARY_HEADERS, ROWS))
    proposal = sheet["D3"]
    assert proposal.value == '=HYPERLINK("http://evil","x")'
    assert proposal.data_type == "s"
    assert proposal.quotePrefix
    for cell in ("F3", "A4", "D4"):
        assert sheet[cell].data_type == "s" and sheet[cell].quotePrefix
    assert not sheet["A2"].quotePrefix


def test_columns_are_sized_to_their_content_within_bounds():
    sheet = read_back(summary_xlsx_bytes(["Id", "Proposal"], [["1", "soʻz " * 100]]))
    assert sheet.column_dimensions["A"].width == 10
    assert sheet.column_dimensions["B"].width == 60
    assert sheet["B2"].alignment.wrap_text


def test_numbers_dates_translations_and_control_characters():
    moment = datetime(2026, 12, 6, 10, 30, tzinfo=UTC)
    sheet = read_back(
        summary_xlsx_bytes(
            ["a", "b", "c", "d", "e"], [[3, date(2026, 12, 1), moment, gettext_lazy("Reason"), "Nol\x00\x07 belgi"]]
        )
    )
    number, day, when, label, text = next(sheet.iter_rows(min_row=2, values_only=True))
    assert number == 3 and day.date() == date(2026, 12, 1)
    # Shown in the site's time zone (Asia/Tashkent, UTC+5), as Excel has no time zones.
    assert when == datetime(2026, 12, 6, 15, 30)
    assert label == "Reason"
    assert text == "Nol belgi"


def test_the_xlsx_response_is_a_download():
    response = summary_xlsx_response("xulosa.xlsx", SUMMARY_HEADERS, ROWS)
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="xulosa.xlsx"'
    assert read_back(response.content)["A2"].value == ROWS[0][0]


def test_an_empty_table_is_its_header():
    sheet = read_back(summary_xlsx_bytes(SUMMARY_HEADERS, []))
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [[str(h) for h in SUMMARY_HEADERS]]
