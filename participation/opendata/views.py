"""The open-data pages: the catalogue (in the reader's language), the data package and each
table as CSV and JSON (at stable addresses without a language prefix)."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language

from participation.opendata.package import (
    LICENCE,
    catalogue,
    csv_filename,
    data_package,
    dataset_items,
    dataset_rows,
)
from participation.opendata.registry import dataset_get, file_resources
from participation.opendata.responses import csv_streaming_response, json_response, json_streaming_response


def opendata_catalogue(request):
    """Every dataset with its description, licence, last change, row count and downloads."""
    language = get_language()
    items = [
        {
            "name": figures.dataset.name,
            "title": figures.dataset.title.get(language),
            "description": figures.dataset.description.get(language),
            "rows": figures.rows,
            "last_modified": figures.last_modified,
            "csv_url": reverse("opendata_csv", kwargs={"name": figures.dataset.name}),
            "json_url": reverse("opendata_json", kwargs={"name": figures.dataset.name}),
        }
        for figures in catalogue()
    ]
    files = [
        {
            "name": file.name,
            "title": file.title.get(language),
            "description": file.description.get(language),
            "path": file.path,
            "format": file.format,
        }
        for file in file_resources()
    ]
    return TemplateResponse(
        request,
        "participation/opendata/catalogue.html",
        {"datasets": items, "files": files, "licence": LICENCE},
    )


def opendata_package(request):
    """``datapackage.json``: the Frictionless description of every dataset."""
    return json_response(data_package(request.build_absolute_uri))


def _dataset(name: str):
    dataset = dataset_get(name)
    if dataset is None:
        raise Http404
    return dataset


def opendata_csv(request, name: str):
    """One table as CSV, streamed as it is read."""
    dataset = _dataset(name)
    return csv_streaming_response(csv_filename(dataset), dataset.header, dataset_rows(dataset))


def opendata_json(request, name: str):
    """One table as JSON: ``{"name": ..., "fields": [...], "rows": [{...}, ...]}``."""
    dataset = _dataset(name)
    return json_streaming_response({"name": dataset.name, "fields": dataset.header}, "rows", dataset_items(dataset))
