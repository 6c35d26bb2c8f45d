"""A resident names their mahalla at sign-up and on the profile, without JavaScript."""

import re

import pytest
from django.utils import timezone, translation

from participation.forms import MAHALLA_NOT_IN_DISTRICT
from participation.models import User
from tests.factories.accounts import UserFactory


def signup_data(tree, **overrides):
    data = {
        "email": "mahalla.resident@example.uz",  # not the sign-up flow's address: allauth limits its e-mails per address
        "password1": "Qovun-pishdi-2026",
        "password2": "Qovun-pishdi-2026",
        "full_name": "Dilnoza Karimova",
        "home_territory": str(tree.yangiqorgon.pk),
        "mahalla": str(tree.navbahor.pk),
        "preferred_language": "uz",
        "gender": "",
        "birth_year": "",
        "demographics_consent": "",
    }
    data.update(overrides)
    return data


def options(page: str, name: str) -> dict[str, bool]:
    """The options of the select ``name``: value → selected."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return {
        value: "selected" in attrs
        for attrs, value in ((m.group(0), m.group(1)) for m in re.finditer(r'<option value="([^"]*)"[^>]*>', select))
    }


def test_sign_up_choosing_a_mahalla_stores_the_mahalla(client, tree):
    response = client.post("/uz/accounts/signup/", signup_data(tree))
    assert response.status_code == 302
    assert User.objects.get().home_territory == tree.navbahor


def test_sign_up_without_a_mahalla_stores_the_district(client, tree):
    assert client.post("/uz/accounts/signup/", signup_data(tree, mahalla="")).status_code == 302
    assert User.objects.get().home_territory == tree.yangiqorgon


def test_without_javascript_the_district_step_lists_its_mahallas_and_keeps_the_input(client, tree):
    blank = client.get("/en/accounts/signup/").content.decode()
    # Before a district is chosen, the button that lists mahallas is there and none is offered.
    assert 'name="show_mahallas"' in blank and 'type="submit"' in blank
    assert set(options(blank, "mahalla")) == {""}

    data = signup_data(tree, mahalla="", password2="")
    data["show_mahallas"] = "1"
    response = client.post("/en/accounts/signup/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert not User.objects.exists()  # nothing saved at this step
    assert set(options(page, "mahalla")) == {"", str(tree.navbahor.pk), str(tree.istiqlol.pk)}
    assert options(page, "home_territory")[str(tree.yangiqorgon.pk)] is True
    assert 'value="mahalla.resident@example.uz"' in page and 'value="Dilnoza Karimova"' in page  # input kept
    assert "field-error" not in page and "This field is required" not in page  # no premature errors

    # The second step saves the mahalla chosen from that list.
    assert client.post("/en/accounts/signup/", signup_data(tree, mahalla=str(tree.istiqlol.pk))).status_code == 302
    assert User.objects.get().home_territory == tree.istiqlol


def test_listing_mahallas_does_not_spend_the_sign_up_rate_limit(client, tree, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "1/h/ip"}
    step = dict(signup_data(tree, mahalla=""), show_mahallas="1")
    for _ in range(3):
        assert client.post("/uz/accounts/signup/", step).status_code == 200
    assert client.post("/uz/accounts/signup/", signup_data(tree)).status_code == 302
    assert User.objects.get().home_territory == tree.navbahor


def test_a_mahalla_of_another_district_is_refused_with_a_clear_message(client, tree):
    data = signup_data(tree, home_territory=str(tree.zomin.pk), mahalla=str(tree.navbahor.pk))
    response = client.post("/en/accounts/signup/", data)
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override("en"):
        assert str(MAHALLA_NOT_IN_DISTRICT) in page
    assert not User.objects.exists()
    # The form now offers the mahallas of the district chosen, with the input kept.
    assert set(options(page, "mahalla")) == {"", str(tree.duoba.pk), str(tree.oʻrikli.pk)}
    assert 'value="mahalla.resident@example.uz"' in page


def test_a_district_is_needed_and_a_mahalla_is_not_a_district(client, tree):
    data = signup_data(tree, home_territory=str(tree.navbahor.pk), mahalla="")
    response = client.post("/en/accounts/signup/", data)
    assert response.status_code == 200 and not User.objects.exists()


def test_the_profile_round_trips_a_mahalla(client, tree):
    resident = UserFactory(home_territory=tree.navbahor, full_name="Dilnoza Karimova", preferred_language="uz")
    client.force_login(resident)
    page = client.get("/uz/accounts/profile/").content.decode()
    assert options(page, "home_territory")[str(tree.yangiqorgon.pk)] is True
    assert options(page, "mahalla")[str(tree.navbahor.pk)] is True

    # Saving the form as it came back keeps the resident in their mahalla, not the district.
    data = signup_data(tree)
    for key in ("email", "password1", "password2"):
        data.pop(key)
    assert client.post("/uz/accounts/profile/", data).status_code == 302
    resident.refresh_from_db()
    assert resident.home_territory == tree.navbahor


def test_the_profile_district_step_and_a_move_to_another_mahalla(client, tree):
    resident = UserFactory(home_territory=tree.navbahor, full_name="Dilnoza Karimova", preferred_language="uz")
    client.force_login(resident)
    data = {"full_name": "Dilnoza Karimova", "home_territory": str(tree.zomin.pk), "mahalla": str(tree.navbahor.pk)}
    data["preferred_language"] = "ru"
    page = client.post("/uz/accounts/profile/", dict(data, show_mahallas="1")).content.decode()
    resident.refresh_from_db()
    assert resident.home_territory == tree.navbahor and resident.preferred_language == "uz"  # nothing saved
    assert set(options(page, "mahalla")) == {"", str(tree.duoba.pk), str(tree.oʻrikli.pk)}
    assert options(page, "preferred_language")["ru"] is True  # what was typed is kept

    refused = client.post("/uz/accounts/profile/", data)
    assert refused.status_code == 200
    resident.refresh_from_db()
    assert resident.home_territory == tree.navbahor

    assert client.post("/uz/accounts/profile/", dict(data, mahalla=str(tree.duoba.pk))).status_code == 302
    resident.refresh_from_db()
    assert resident.home_territory == tree.duoba


def consent_box(page: str) -> str:
    return re.search(r'<input type="checkbox" name="demographics_consent"[^>]*>', page).group(0)


def test_the_district_step_keeps_an_unticked_consent_unticked(client, tree):
    resident = UserFactory(
        home_territory=tree.navbahor,
        full_name="Dilnoza Karimova",
        gender="female",
        birth_year=1991,
        demographics_consent_at=timezone.now(),
    )
    client.force_login(resident)
    assert "checked" in consent_box(client.get("/en/accounts/profile/").content.decode())
    # The resident unticks the box (so it is not posted), then lists another district's mahallas.
    data = {"full_name": "Dilnoza Karimova", "home_territory": str(tree.zomin.pk), "preferred_language": "uz"}
    page = client.post("/en/accounts/profile/", dict(data, show_mahallas="1")).content.decode()
    assert "checked" not in consent_box(page)


@pytest.mark.parametrize("path", ["/uz/accounts/signup/", "/uz/accounts/profile/"])
def test_enter_in_a_field_submits_the_form_not_the_mahalla_step(client, tree, path):
    """Browsers press a form's first submit button on Enter: it must not be "Show mahallas"."""
    if "profile" in path:
        client.force_login(UserFactory(home_territory=tree.navbahor))
    page = client.get(path).content.decode()
    form = re.search(r'<form method="post".*?</form>', page, re.S).group(0)
    buttons = re.findall(r"<button\b[^>]*>", form)
    submits = [b for b in buttons if 'type="button"' not in b]
    assert 'name="show_mahallas"' not in submits[0] and "name=" not in submits[0]
    assert any('name="show_mahallas"' in b for b in submits[1:])
