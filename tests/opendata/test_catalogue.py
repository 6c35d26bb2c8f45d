"""The open-data catalogue page: in every language of the site, every dataset with its
licence, row count and downloads, and the link to the data package; in the footer of every page."""

import re

import pytest

from participation.opendata.registry import Dataset, Text, dataset_get, datasets, register

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["uz", "ru", "en"])
def test_the_catalogue_lists_every_dataset_with_its_downloads(client, seed, language):
    seed(2)

    response = client.get(f"/{language}/open-data/")

    assert response.status_code == 200
    html = response.content.decode()
    for dataset in datasets():
        assert f'href="/open-data/{dataset.name}.csv"' in html
        assert f'href="/open-data/{dataset.name}.json"' in html
        assert dataset.title.get(language) in html
    assert 'href="/open-data/datapackage.json"' in html
    assert 'rel="license"' in html
    assert re.search(r'href="/uz/budget/\d+/results.pb"', html)


def test_the_catalogue_shows_row_counts_and_last_change(client, seed):
    seed(3)

    html = client.get("/en/open-data/").content.decode()

    petitions = html.split('id="dataset-petitions"')[1].split("</li>")[0]
    assert "<dd>3</dd>" in petitions
    assert "<time datetime=" in petitions


def test_awkward_titles_are_escaped_on_the_catalogue(client, seed):
    seed(3)

    html = client.get("/en/open-data/").content.decode()

    assert "<script>alert" not in html


def test_every_page_links_the_catalogue_in_its_footer(client, home_page):
    html = client.get("/en/").content.decode()

    footer = html.split('<footer class="site-footer">')[1]
    assert 'href="/en/open-data/"' in footer


def test_a_dataset_name_is_registered_once(db):
    petitions = dataset_get("petitions")
    clash = Dataset(name="petitions", title=Text("x", "x", "x"), description=Text("x", "x", "x"), columns=(), rows=list)

    with pytest.raises(ValueError, match="registered twice"):
        register(clash)
    assert dataset_get("petitions") is petitions
