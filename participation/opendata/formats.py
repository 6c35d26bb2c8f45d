"""CSV and JSON text for open-data exports. Pure: rows in, text out.

CSV is UTF-8 with a byte-order mark, so Excel opens oʻ, gʻ and Cyrillic correctly instead of
mojibake; a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
gets a leading apostrophe, so a spreadsheet shows it instead of running it as a formula (CSV
injection: a petition titled ``=HYPERLINK(...)`` must stay text). JSON keeps every script
readable (not ``\\u`` escapes) but escapes ``<``, ``>`` and ``&``, so user text can never close a
``<script>`` or be sniffed as markup.
"""

import csv
import json
from collections.abc import Iterable, Iterator

BOM = "\ufeff"
# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# "<", ">" and "&" as \u escapes: the JSON stays valid and can never close a <script> or be read
# as markup by anything that sniffs it as HTML. U+2028 and U+2029 end a line in older JavaScript.
JSON_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def csv_cell(value):
    """The value as a spreadsheet should show it: text that would start a formula gets a
    leading apostrophe; numbers and everything else are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: list[str], rows: Iterable[Iterable]) -> str:
    """The whole table as CSV text, byte-order mark first, every cell guarded."""
    return "".join(csv_lines(header, rows))


class _Line:
    """A file-like sink for ``csv.writer`` that hands back each line it is given."""

    def write(self, line: str) -> str:
        return line


def csv_lines(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """The table as CSV, one line at a time (the first with the byte-order mark), for a
    streaming response that never holds a large export in memory."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(header)
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def json_text(data) -> str:
    """``data`` as indented JSON, scripts kept readable, markup characters escaped."""
    return json.dumps(data, ensure_ascii=False, indent=1).translate(JSON_ESCAPES)


def _json_item(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1).translate(JSON_ESCAPES)


def json_object_lines(fields: dict, list_key: str, items: Iterable) -> Iterator[str]:
    """The text ``json_text({**fields, list_key: list(items)})`` gives, a piece at a time: a
    list of any length is sent as it is read, never held whole in memory. (JSON strings never
    hold a raw line break, so each item is indented by indenting its lines.)"""
    items = iter(items)
    first = next(items, _NOTHING)
    if first is _NOTHING:
        yield json_text({**fields, list_key: []})
        return
    # The text around a one-item list, cut where the item goes.
    head, tail = json_text({**fields, list_key: [0]}).rsplit("\n  0\n", 1)
    yield head + "\n  " + _json_item(first).replace("\n", "\n  ")
    for item in items:
        yield ",\n  " + _json_item(item).replace("\n", "\n  ")
    yield "\n" + tail


_NOTHING = object()
