"""HTTP responses for open-data exports: a file to download, a streamed CSV, JSON."""

from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse

from participation.opendata.formats import csv_lines, csv_text, json_text

CSV = "text/csv; charset=utf-8"
JSON = "application/json; charset=utf-8"


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def download_response(body: str, *, content_type: str, filename: str) -> HttpResponse:
    """``body`` as a file the browser saves under ``filename``."""
    return _attachment(HttpResponse(body, content_type=content_type), filename)


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV file to download, byte-order mark first and every cell guarded against formulas."""
    return download_response(csv_text(header, rows), content_type=CSV, filename=filename)


def csv_streaming_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """The same CSV sent line by line as ``rows`` are read: for exports too large to hold in
    memory (pass a queryset's ``.iterator()``)."""
    return _attachment(StreamingHttpResponse(csv_lines(header, rows), content_type=CSV), filename)


def json_response(data) -> HttpResponse:
    """``data`` as JSON (see ``formats.json_text``)."""
    return HttpResponse(json_text(data), content_type=JSON)
