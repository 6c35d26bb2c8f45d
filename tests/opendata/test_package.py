"""The data package: every dataset's CSV, fetched as a program would, passes Frictionless's
validation with zero errors (types, constraints, primary and foreign keys between the tables),
on a database with awkward text in every kind of item."""

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlparse

import frictionless
import pytest

from proposals.budgeting.models import Project, ProjectStatus
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
    assert names >= EXPECTED
    assert any(resource.get("format") == "pb" for resource in package["resources"])
    # Frictionless read every row the package announces, in every table.
    read = frictionless.Package(str(tmp_path / "datapackage.json"))
    for resource in package["resources"]:
        if resource["type"] == "table":
            assert len(read.get_resource(resource["name"]).read_rows()) == resource["rows"] > 0, resource["name"]


def test_awkward_text_comes_back_as_written_and_numbers_are_never_guarded(client, seed, tmp_path):
    seed(len(AWKWARD))
    download(client, tmp_path)
    package = frictionless.Package(str(tmp_path / "datapackage.json"))

    petitions = package.get_resource("petitions").read_rows()

    titles = [row["title"] for row in petitions]
    # A text that would start a spreadsheet formula gets a leading apostrophe; every other
    # character (Cyrillic, quotes, a line break, markup) comes back as it was written.
    written = [AWKWARD[i % len(AWKWARD)] + f" #{i}" for i in range(1, len(AWKWARD) + 1)]
    assert titles == ["'" + text if text[0] in "=-" else text for text in written]
    assert all(isinstance(row["signature_count"], int) for row in petitions)
    assert all(row["published_at"] is not None for row in petitions)


def test_each_table_has_a_schema_with_keys_licence_and_three_languages(client, seed):
    seed(1)
    package = json.loads(client.get("/open-data/datapackage.json").content)

    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    resources = {resource["name"]: resource for resource in package["resources"]}
    for resource in resources.values():
        assert set(resource["descriptions"]) == {"uz", "ru", "en"}
        assert resource["description"] == resource["descriptions"]["en"]
        assert resource["path"].startswith("http://testserver/open-data/") or resource["format"] == "pb"
    petitions = resources["petitions"]["schema"]
    assert petitions["primaryKey"] == ["id"]
    fields = {field["name"]: field for field in petitions["fields"]}
    assert fields["id"]["constraints"] == {"required": True, "unique": True, "minimum": 1}
    assert set(fields["status"]["constraints"]["enum"]) == {"collecting", "threshold", "answered", "closed"}
    assert fields["signature_count"]["constraints"]["minimum"] == 0
    assert set(fields["title"]["descriptions"]) == {"uz", "ru", "en"}
    inputs = resources["consultation-inputs"]["schema"]["foreignKeys"]
    assert {"fields": ["consultation_id"], "reference": {"resource": "consultations", "fields": ["id"]}} in inputs
    assert resources["pb-cycles"]["last_modified"].endswith("Z")


def test_an_unknown_dataset_is_not_found(client, db):
    assert client.get("/open-data/no-such-table.csv").status_code == 404


def test_budget_results_give_each_projects_stored_votes_and_whether_it_was_funded(client, seed):
    seed(3)
    projects = Project.objects.filter(status__in=[ProjectStatus.SELECTED, ProjectStatus.NOT_SELECTED]).order_by("pk")

    body = b"".join(client.get("/open-data/pb-results.csv").streaming_content).decode("utf-8-sig")

    rows = [(int(row["project_id"]), int(row["votes"]), row["funded"]) for row in csv.DictReader(io.StringIO(body))]
    expected_votes = [0] + [10 + project.pk % 7 for project in projects[1:]]
    funded = ["true" if project.status == ProjectStatus.SELECTED else "false" for project in projects]
    assert rows == list(zip([project.pk for project in projects], expected_votes, funded, strict=True))
