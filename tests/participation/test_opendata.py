"""Open data (participation.opendata): CSV that Excel opens in every script and never runs as
formulas, JSON whose user text can never become markup, large exports streamed."""

import csv
import io
import json

import pytest

from participation.opendata.formats import BOM, csv_cell, csv_lines, csv_text, json_text
from participation.opendata.responses import (
    csv_response,
    csv_streaming_response,
    download_response,
    json_response,
    json_streaming_response,
)

HEADER = ["id", "title"]


def parsed(text: str) -> list[list[str]]:
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :])))


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "=", "-"],
)
def test_a_cell_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe(cell):
    assert csv_cell(cell) == "'" + cell
    assert parsed(csv_text(HEADER, [[1, cell]]))[1] == ["1", "'" + cell]


@pytest.mark.parametrize("cell", ["Yoʻl taʼmiri", "Водопровод", "2+2", "e-mail", "a=b", "", " =1"])
def test_ordinary_text_is_left_as_written(cell):
    assert csv_cell(cell) == cell


def test_numbers_are_left_as_numbers_even_negative_ones():
    assert csv_cell(-5) == -5 and csv_cell(0) == 0 and csv_cell(None) is None
    assert parsed(csv_text(HEADER, [[-5, None]]))[1] == ["-5", ""]


def test_the_csv_starts_with_a_byte_order_mark_once_and_keeps_every_script():
    rows = [[1, "Gʻuzor yoʻli"], [2, "Ғузор йўли"], [3, "Гузарская дорога"]]
    text = csv_text(HEADER, rows)
    assert text.count(BOM) == 1 and text.startswith(BOM + "id,title\r\n")
    assert parsed(text) == [HEADER, ["1", "Gʻuzor yoʻli"], ["2", "Ғузор йўли"], ["3", "Гузарская дорога"]]
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbfid,title")


def test_commas_quotes_and_line_breaks_in_user_text_stay_in_their_cell():
    title = 'Suv, "toza" suv\nhar kuni'
    assert parsed(csv_text(HEADER, [[1, title]]))[1] == ["1", title]


def test_the_csv_download_is_an_attachment_in_utf8():
    response = csv_response("petitions.csv", HEADER, [[1, "=1+1"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="petitions.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert parsed(response.content.decode("utf-8"))[1] == ["1", "'=1+1"]


def test_a_streamed_csv_is_the_same_file_sent_row_by_row():
    read = []

    def rows():
        for number in range(3):
            read.append(number)
            yield [number, f"@row {number}"]

    response = csv_streaming_response("big.csv", HEADER, rows())
    assert read == []  # nothing read before the response is sent
    body = b"".join(response.streaming_content).decode("utf-8")
    assert read == [0, 1, 2]
    assert body == csv_text(HEADER, ([number, f"@row {number}"] for number in range(3)))
    assert response["Content-Disposition"] == 'attachment; filename="big.csv"'
    assert next(iter(csv_lines(HEADER, []))) == BOM + "id,title\r\n"


def test_json_escapes_markup_in_user_text_and_keeps_scripts_readable():
    title = "</script><script>alert('x')</script> & Yoʻl \u2028 Дорога"
    text = json_text({"title": title})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert "\\u003c/script\\u003e" in text and "\\u0026" in text
    assert "Yoʻl" in text and "Дорога" in text  # not \\u escapes
    assert json.loads(text) == {"title": title}


def test_the_json_response_is_utf8_json():
    response = json_response({"count": 1, "results": [{"title": "<b>"}]})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(response.content) == {"count": 1, "results": [{"title": "<b>"}]}
    assert b"<b>" not in response.content


def test_a_download_names_its_file():
    response = download_response("META\n", content_type="text/plain; charset=utf-8", filename="cycle-3.pb")
    assert response["Content-Disposition"] == 'attachment; filename="cycle-3.pb"'
    assert response.content == b"META\n"


@pytest.mark.parametrize(
    "results",
    [[], [{"title": "Yoʻl </script> & \u2028", "n": 1}], [{"a": [1, {"b": None}]}, {"a": "x\ny"}, 3, "Дорога"]],
)
def test_a_streamed_json_is_the_same_text_sent_item_by_item(results):
    read = []

    def items():
        for item in results:
            read.append(item)
            yield item

    response = json_streaming_response({"count": len(results)}, "results", items())
    assert read == []  # nothing read before the response is sent
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body == json_text({"count": len(results), "results": results})
    assert read == results
    assert response["Content-Type"] == "application/json; charset=utf-8"
