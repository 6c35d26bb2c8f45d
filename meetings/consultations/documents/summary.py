"""The consultation's summary table (PP-5025: each proposal with its acceptance or a justified
refusal, published), as CSV and as an Excel workbook.

CSV goes through ``participation.opendata`` (byte-order mark, formula guard), like every other
export. The .xlsx keeps every text cell a text cell: a proposal that starts with ``=`` is
stored as a string, never as a formula, and is marked the way Excel marks text typed with a
leading apostrophe (``quotePrefix``), so it shows as written and stays text when the cell is
edited. Pure: headers and rows in, a response or bytes out; the consultation's selector
decides the rows.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from participation.opendata.formats import FORMULA_STARTS
from participation.opendata.responses import csv_response, download_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The columns PP-5025 asks a draft's developer to publish, for the consultation's export.
SUMMARY_HEADERS = (
    _("Author or organisation"),
    _("Section"),
    _("Paragraph"),
    _("Proposal"),
    _("Disposition"),
    _("Reason"),
)

# Column widths in characters: wide enough for a heading and a short text, never wider than
# a screen; longer text wraps inside its cell.
MIN_WIDTH = 10
MAX_WIDTH = 60


def summary_csv_response(filename: str, headers: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """The table as a CSV download (UTF-8 with a byte-order mark, every cell guarded)."""
    return csv_response(filename, [str(header) for header in headers], rows)


def summary_xlsx_response(
    filename: str, headers: Sequence, rows: Iterable[Sequence], *, sheet_title: str = ""
) -> HttpResponse:
    """The table as an .xlsx download."""
    return download_response(
        summary_xlsx_bytes(headers, rows, sheet_title=sheet_title), content_type=XLSX, filename=filename
    )


def summary_xlsx_bytes(headers: Sequence, rows: Iterable[Sequence], *, sheet_title: str = "") -> bytes:
    """An Excel workbook of one sheet: a bold header row that stays in view and filters, the
    rows below it, text cells as text (see the module's docstring), columns sized to their
    content and long text wrapped. Numbers and dates stay numbers and dates."""
    workbook = Workbook()
    sheet = workbook.active
    # Excel allows 31 characters and none of []:*?/\ in a sheet's name.
    title = "".join(ch for ch in str(sheet_title or _("Summary")) if ch not in "[]:*?/\\")[:31]
    sheet.title = title or "Summary"

    header_cells = [str(header) for header in headers]
    sheet.append([_text(header) for header in header_cells])
    widths = [len(header) for header in header_cells]
    for row in rows:
        values = [_cell(value) for value in row]
        sheet.append(values)
        for index, value in enumerate(values):
            length = max((len(line) for line in str(value).splitlines()), default=0) if value is not None else 0
            if index < len(widths):
                widths[index] = max(widths[index], length)
            else:
                widths.append(length)

    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                # Stored as a string whatever it starts with: openpyxl would make "=..." a formula.
                cell.data_type = "s"
                if cell.value.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    if header_cells:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{sheet.max_row}"

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value):
    """A value as Excel can hold it: text (lazy translations included) cleaned, an aware
    datetime in the site's time zone without its zone (Excel has none), numbers, dates and
    booleans as they are, anything else as its text."""
    if value is None or isinstance(value, bool | int | float | Decimal | date):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return _text(str(value))


def _text(value: str) -> str:
    # Excel cannot hold most control characters; openpyxl refuses them rather than drop them.
    return ILLEGAL_CHARACTERS_RE.sub("", value)
