"""The data package: every dataset's CSV, fetched as a program would, passes Frictionless's
validation with zero errors (types, constraints, primary and foreign keys between the tables),
on a database with awkward text in every kind of item."""

import json
from pathlib import Path
from urllib.parse import urlparse

import frictionless
import pytest

from tests.opendata.conftest import AWKWARD

pytestmark = pytest.mark.django_db

EXPECTED = {
    "territories",
    "petitions",
    "petition-signatures-by-mahalla",
    "questions",
    "decisions",
    "services",
    "service-centres",
    "pb-cycles",
    "pb-projects",
    "pb-results",
    "organisations",
    "consultations",
    "consultation-inputs",
    "meetings",
    "meeting-action-items",
}


def download(client, tmp_path: Path) -> dict:
    """The package and every file it lists, written to ``tmp_path`` with the paths rewritten
    to the local copies (the test server is not reachable over the network)."""
    package = json.loads(client.get("/open-data/datapackage.json").content)
    for resource in package["resources"]:
        response = client.get(urlparse(resource["path"]).path)
        assert response.status_code == 200, resource["path"]
        body = b"".join(response.streaming_content) if response.streaming else response.content
        local = tmp_path / f"{resource['name']}.{resource['format']}"
        local.write_bytes(body)
        resource["path"] = local.name
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    return package


def test_the_whole_package_validates_with_zero_errors(client, seed, tmp_path):
    seed(4)
    package = download(client, tmp_path)

    report = frictionless.validate(str(tmp_path / "datapackage.json"))

    errors = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    assert errors == [] and report.errors == [], "\n".join(errors + [e.message for e in report.errors])
    names = {resource["name"] for resource in package["resources"]}
    assert EXPECTED <= names
    assert any(resource.get("format") == "pb" for resource in package["resources"])
