"""HTTP responses for open-data exports: a file to download, a streamed CSV, JSON."""

from collections.abc import Iterable, Iterator
from itertools import islice

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile

from participation.opendata.formats import csv_lines, csv_text, json_object_lines, json_text

CSV = "text/csv; charset=utf-8"
# Lines sent in one write while streaming: one write per row would be one system call per row.
STREAM_LINES = 200
JSON = "application/json; charset=utf-8"
ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")  # as django.middleware.gzip reads Accept-Encoding


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def download_response(body: str, *, content_type: str, filename: str) -> HttpResponse:
    """``body`` as a file the browser saves under ``filename``."""
    return _attachment(HttpResponse(body, content_type=content_type), filename)


def accepts_gzip(request) -> bool:
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def gzipped_download_response(body: bytes, *, content_type: str, filename: str) -> HttpResponse:
    """A file compressed once when it was stored (``body`` is gzip), sent as it is to a client
    that accepts gzip; ``GZipMiddleware`` leaves a response that has its encoding alone."""
    response = download_response(body, content_type=content_type, filename=filename)
    response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV file to download, byte-order mark first and every cell guarded against formulas."""
    return download_response(csv_text(header, rows), content_type=CSV, filename=filename)


def csv_streaming_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """The same CSV sent line by line as ``rows`` are read: for exports too large to hold in
    memory (pass a queryset's ``.iterator()``)."""
    return _attachment(StreamingHttpResponse(_batched(csv_lines(header, rows)), content_type=CSV), filename)


def json_streaming_response(fields: dict, list_key: str, items: Iterable) -> StreamingHttpResponse:
    """The JSON of ``json_response({**fields, list_key: list(items)})``, sent as ``items`` are
    read: for lists too large to hold in memory."""
    return StreamingHttpResponse(_batched(json_object_lines(fields, list_key, items)), content_type=JSON)


def _batched(pieces: Iterable[str]) -> Iterator[str]:
    pieces = iter(pieces)
    while batch := list(islice(pieces, STREAM_LINES)):
        yield "".join(batch)


def json_response(data) -> HttpResponse:
    """``data`` as JSON (see ``formats.json_text``)."""
    return HttpResponse(json_text(data), content_type=JSON)
