"""No file of the open data names a resident, holds their e-mail, phone or address (IP), or
names an organisation's representative who did not agree; nothing hidden on the site (drafts,
items in moderation, unverified organisations) is in any file."""

import csv
import io

import pytest

from tests.opendata.conftest import (
    HIDDEN,
    PRIVATE_PHONE,
    REPRESENTATIVE_NAME,
    RESIDENT_EMAIL,
    RESIDENT_IP,
    RESIDENT_NAME,
)
from tests.opendata.test_package import download

pytestmark = pytest.mark.django_db


def every_file(client, tmp_path) -> dict[str, str]:
    """Every file a reader can fetch from the open data: the package, each table as CSV and
    JSON, each non-tabular file; by name."""
    download(client, tmp_path)
    files = {path.name: path.read_text(encoding="utf-8-sig") for path in tmp_path.iterdir()}
    for name in list(files):
        if name.endswith(".csv"):
            files[name.replace(".csv", ".json")] = (
                client.get(f"/open-data/{name.replace('.csv', '.json')}").getvalue().decode()
            )
    return files


@pytest.mark.parametrize(
    "private",
    [RESIDENT_NAME, RESIDENT_EMAIL, RESIDENT_EMAIL.split("@")[0], RESIDENT_IP, PRIVATE_PHONE, REPRESENTATIVE_NAME],
)
def test_no_file_holds_a_residents_personal_data(client, seed, tmp_path, private):
    seed(3)

    files = every_file(client, tmp_path)

    assert len(files) >= 30
    assert [name for name, text in files.items() if private in text] == []


def test_hidden_items_are_in_no_file(client, seed, tmp_path):
    state = seed(3)

    files = every_file(client, tmp_path)

    assert [name for name, text in files.items() if HIDDEN in text] == []
    ids = [row["id"] for row in csv.DictReader(io.StringIO(files["petitions.csv"]))]
    assert len(ids) == 3
    assert not set(ids) & {str(pk) for pk in state.hidden_ids["petitions"]}
