"""Signatures by mahalla are counts of people beside a published total (the petition's
signature count): a mahalla with 2 signers must not be recoverable by subtraction on the page,
in its chart, its CSV and JSON, or the open data."""

import csv
import io
import json
import re

import pytest

from participation.transparency.suppression import HIDDEN, SUPPRESSED
from proposals.petitions.selectors import petition_signatures_by_mahalla
from tests.fixtures.petitions import sign, url
from tests.transparency.test_suppression import recoverable_cells

pytestmark = pytest.mark.django_db


@pytest.fixture
def crafted(publish, resident, tree):
    """Navbahor 2, Istiqlol 7, 20 living in the district itself: 29 in all, shown on the page.
    Without complementary suppression 29 - 7 - 20 = 2 would name Navbahor's two."""
    people = [resident(tree.navbahor) for _ in range(2)]
    people += [resident(tree.istiqlol) for _ in range(7)]
    people += [resident(tree.yangiqorgon) for _ in range(20)]
    return sign(publish(), *people)


def cells_of(rows) -> list:
    return [int(value) if str(value).isdigit() else value for value in rows]


def test_the_page_hides_the_small_mahalla_and_one_more_so_the_total_does_not_give_it_back(client, crafted):
    assert crafted.signature_count == 29
    page = client.get(url(crafted)).content.decode()
    table = page[page.index('id="mahallas-title"') : page.index("</table>")]
    rows = re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td>', table)
    assert rows == [("mahalla not given", "20"), ("Istiqlol", "hidden"), ("Navbahor", "&lt; 5")]
    assert "29" in page[: page.index('id="mahallas-title"')]  # the total is published above it
    assert recoverable_cells(cells_of([20, HIDDEN, SUPPRESSED]), 29) == []
    assert "hidden so that a small count cannot be worked out from the total" in page


def test_the_chart_csv_json_and_open_data_hide_the_same_cells(client, crafted, tree):
    svg = client.get(url(crafted, "signatures.svg")).content.decode()
    assert ">&lt; 5</text>" in svg and ">hidden</text>" in svg and ">2</text>" not in svg and ">7</text>" not in svg
    assert svg.count("<rect") == 1  # a bar for the 20 only: hidden counts draw none

    body = client.get(url(crafted, "export.csv")).getvalue().decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body)))[1:] == [["", "20"], ["Istiqlol", HIDDEN], ["Navbahor", SUPPRESSED]]
    by_mahalla = json.loads(client.get(url(crafted, "export.json")).getvalue())["by_mahalla"]
    assert [row["signatures"] for row in by_mahalla] == [20, HIDDEN, SUPPRESSED]

    body = b"".join(client.get("/open-data/petition-signatures-by-mahalla.csv").streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    mine = {row["mahalla_id"]: (row["signatures"], row["signatures_hidden"]) for row in rows}
    assert mine == {"": ("20", ""), str(tree.istiqlol.pk): ("", HIDDEN), str(tree.navbahor.pk): ("", SUPPRESSED)}
    data = json.loads(b"".join(client.get("/open-data/petition-signatures-by-mahalla.json").streaming_content))
    assert sorted((row["signatures"] or 0, row["signatures_hidden"] or "") for row in data["rows"]) == [
        (0, SUPPRESSED),
        (0, HIDDEN),
        (20, ""),
    ]


def test_a_petition_with_1_to_4_signatures_lists_no_mahalla_anywhere(client, publish, resident, tree):
    petition = sign(publish(), resident(tree.navbahor), resident(tree.navbahor), resident(tree.istiqlol))
    assert petition_signatures_by_mahalla(petition) == []
    page = client.get(url(petition)).content.decode()
    section = page[page.index('id="mahallas-title"') :]
    section = section[: section.index("</section>")]
    assert "Signatures by mahalla are not shown for now" in section and "Navbahor" not in section
    body = client.get(url(petition, "export.csv")).getvalue().decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body))) == [["mahalla", "signatures"]]
    open_data = b"".join(client.get("/open-data/petition-signatures-by-mahalla.csv").streaming_content)
    assert len(list(csv.reader(io.StringIO(open_data.decode("utf-8-sig"))))) == 1  # the header only
    package = json.loads(client.get("/open-data/datapackage.json").content)
    (resource,) = [r for r in package["resources"] if r["name"] == "petition-signatures-by-mahalla"]
    assert resource["rows"] == 0  # the catalogue counts what the file holds


def test_a_small_cell_beside_cells_of_exactly_5_lists_no_mahalla(client, publish, resident, tree):
    # 1 + 5 + 5 = 11 published: whatever is hidden, the "< 5" can only be 1 and the others 5.
    people = [resident(tree.navbahor)] + [resident(tree.istiqlol) for _ in range(5)]
    people += [resident(tree.yangiqorgon) for _ in range(5)]
    petition = sign(publish(), *people)
    assert petition_signatures_by_mahalla(petition) == []
    open_data = b"".join(client.get("/open-data/petition-signatures-by-mahalla.csv").streaming_content)
    assert len(list(csv.reader(io.StringIO(open_data.decode("utf-8-sig"))))) == 1
