"""Open data of petitions: the filtered list and each petition's signatures by mahalla, as
CSV (for spreadsheets) and JSON (for programs). The numbers match the pages; no signer is named."""

import csv
import io
import json

import pytest
from django.utils import timezone

from proposals.petitions.models import Petition
from proposals.petitions.models import PetitionStatus as S
from tests.fixtures.petitions import ROAD, sign, url

HEADER = ["id", "title", "territory", "status", "signatures", "threshold", "published", "closes", "answered"]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.getvalue()  # sent whole or streamed as it is read
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8, oʻ stays oʻ
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def json_of(response) -> dict:
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.getvalue())


def test_the_list_csv_has_every_published_petition_with_the_numbers_of_the_pages(client, listed):
    rows = csv_rows(client.get("/uz/petitions/export.csv"))
    assert rows[0] == HEADER
    assert len(rows) == 4  # three published; the draft and the one in moderation are not open data
    for row in rows[1:]:
        record = dict(zip(HEADER, row, strict=True))
        petition = Petition.objects.select_related("territory").get(pk=int(record["id"]))
        assert record["title"] == petition.title and record["territory"] == petition.territory.name_uz
        assert record["status"] == "collecting"
        assert int(record["signatures"]) == petition.signature_count
        assert int(record["threshold"]) == petition.signatures_needed
        assert record["published"] == timezone.localtime(petition.published_at).isoformat()
        assert record["closes"] == timezone.localtime(petition.closes_at).isoformat()
        assert record["closes"].endswith("+05:00")  # Tashkent time, as on the pages
        assert record["answered"] == ""
    signatures = {row[1]: int(row[4]) for row in rows[1:]}
    assert signatures == {ROAD: 1, "Istiqlol maktabiga avtobus": 2, "Zomin bozoriga suv": 0}


def test_json_and_csv_say_the_same(client, listed):
    rows = csv_rows(client.get("/en/petitions/export.csv?sort=most_signed"))[1:]
    data = json_of(client.get("/en/petitions/export.json?sort=most_signed"))
    assert data["count"] == len(data["results"]) == len(rows) == 3
    for row, result in zip(rows, data["results"], strict=True):
        assert [str(result[field]) for field in HEADER] == row
        assert result["url"] == f"http://testserver/en/petitions/{result['id']}/"
    assert [result["title"] for result in data["results"]] == ["Istiqlol maktabiga avtobus", ROAD, "Zomin bozoriga suv"]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("territory={yangiqorgon}", {ROAD, "Istiqlol maktabiga avtobus"}),
        ("tag=suv", {"Zomin bozoriga suv"}),
        ("q=%D0%B9%D1%9E%D0%BB", {ROAD}),  # йўл
        ("status=answered", set()),
    ],
)
def test_exports_take_the_filters_of_the_list(client, listed, tree, query, titles):
    query = query.format(yangiqorgon=tree.yangiqorgon.pk)
    assert {row[1] for row in csv_rows(client.get(f"/en/petitions/export.csv?{query}"))[1:]} == titles
    data = json_of(client.get(f"/en/petitions/export.json?{query}"))
    assert {result["title"] for result in data["results"]} == titles and data["count"] == len(titles)


def test_the_list_links_to_its_exports_with_the_same_filters(client, listed, tree):
    page = client.get(f"/en/petitions/?territory={tree.zomin.pk}&sort=most_signed&page=1").content.decode()
    assert f'href="/en/petitions/export.csv?territory={tree.zomin.pk}&amp;sort=most_signed"' in page
    assert f'href="/en/petitions/export.json?territory={tree.zomin.pk}&amp;sort=most_signed"' in page


def test_territory_names_follow_the_language_of_the_address(client, listed):
    rows = csv_rows(client.get("/ru/petitions/export.csv"))
    assert "Зааминский район" in {row[2] for row in rows}


def test_a_petitions_signatures_by_mahalla_count_and_never_name(client, publish, resident, tree):
    signers = [
        resident(),
        resident(),
        resident(),
        resident(tree.istiqlol),
        resident(tree.istiqlol),
        resident(tree.yangiqorgon),
    ]
    petition = sign(publish(), *signers)
    # Signers are people: 3, 2 and 1 are each "< 5" (by name, so the order tells no sizes).
    rows = csv_rows(client.get(url(petition, "export.csv")))
    assert rows == [["mahalla", "signatures"], ["Istiqlol", "< 5"], ["Navbahor", "< 5"], ["", "< 5"]]
    data = json_of(client.get(url(petition, "export.json")))
    assert data["signatures"] == petition.signature_count == 6 and data["threshold"] == 500
    assert data["by_mahalla"] == [
        {"mahalla": "Istiqlol", "signatures": "< 5"},
        {"mahalla": "Navbahor", "signatures": "< 5"},
        {"mahalla": None, "signatures": "< 5"},  # lives in the district, mahalla not given
    ]
    for response in (client.get(url(petition, "export.csv")), client.get(url(petition, "export.json"))):
        body = response.content.decode("utf-8-sig")
        for person in signers:
            assert person.full_name not in body and person.email not in body


def test_withdrawn_signatures_leave_the_counts(client, publish, resident):
    from proposals.petitions.services import lifecycle as svc

    stays, leaves = [resident() for _ in range(5)], resident()
    petition = sign(publish(), *stays, leaves)
    svc.petition_unsign(petition=petition, user=leaves)
    assert csv_rows(client.get(url(petition, "export.csv")))[1:] == [["Navbahor", "5"]]
    assert json_of(client.get(url(petition, "export.json")))["signatures"] == 5


def test_spreadsheet_formulas_are_neutralised(client, publish, tree):
    titles = ['=HYPERLINK("http://evil.example","Bosing")', "+998 90 123 45 67 raqamiga", "-1 soʻm", "@SUM(A1:A9)"]
    for index, title in enumerate(titles):
        publish(title, hours_ago=index + 1)
    mahalla = tree.yangiqorgon.add_child(kind="mahalla", name_uz="=1+2")
    from tests.factories import UserFactory

    petition = Petition.objects.get(title=titles[0])
    sign(petition, *(UserFactory(home_territory=mahalla, verification_level=10) for _ in range(5)))
    cells = {row[1] for row in csv_rows(client.get("/en/petitions/export.csv"))[1:]}
    assert cells == {"'" + title for title in titles}
    assert csv_rows(client.get(url(petition, "export.csv")))[1] == ["'=1+2", "5"]
    # JSON is for programs: the text is kept exactly as written.
    assert {r["title"] for r in json_of(client.get("/en/petitions/export.json"))["results"]} == set(titles)


def test_closed_and_answered_petitions_are_open_data_too(client, publish, resident):
    petition = publish()
    Petition.objects.filter(pk=petition.pk).update(status=S.CLOSED)
    rows = csv_rows(client.get("/en/petitions/export.csv?status=closed"))
    assert [row[3] for row in rows[1:]] == ["closed"]
