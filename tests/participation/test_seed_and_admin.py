import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from participation.demo import DEMO_PASSWORD
from participation.exceptions import VERIFY_NOT_ALLOWED
from participation.models import StaffRole, Territory, User, VerificationLevel
from participation.wagtail_hooks import NO_SUCH_RESIDENT


@pytest.fixture
def seeded(db, home_page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)  # the demo uploads PDFs: not into the project, not shared by workers
    call_command("seed_demo", stdout=io.StringIO())


def test_seed_demo_is_idempotent_and_prints_logins(seeded):
    counts = (User.objects.count(), StaffRole.objects.count(), Territory.objects.count())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert (User.objects.count(), StaffRole.objects.count(), Territory.objects.count()) == counts
    assert "editor.yangiqorgon@demo.test" in out.getvalue() and DEMO_PASSWORD in out.getvalue()
    # Both khokimiyats of the seed stories have every role.
    for district in ("Yangiqoʻrgʻon tumani", "Zomin tumani"):
        roles = set(StaffRole.objects.filter(territory__name_uz=district).values_list("role", flat=True))
        assert roles == {"editor", "moderator", "responder", "manager", "operator"}


def test_seed_demo_is_refused_where_demo_data_is_not_allowed(db, settings):
    settings.ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="ALLOW_DEMO_DATA"):
        call_command("seed_demo", stdout=io.StringIO())


def test_demo_staff_signs_in_and_reaches_the_wagtail_admin(client, seeded):
    response = client.post("/uz/accounts/login/", {"login": "editor.yangiqorgon@demo.test", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    editor = User.objects.get(email="editor.yangiqorgon@demo.test")
    assert editor.has_perm("participation.edit_territory", Territory.objects.get(name_uz="Yangiqoʻrgʻon tumani"))
    assert not editor.has_perm("participation.edit_territory", Territory.objects.get(name_uz="Zomin tumani"))


def test_a_manager_verifies_a_resident_in_the_wagtail_admin(client, seeded):
    resident = User.objects.get(email="dilnoza@demo.test")
    client.force_login(User.objects.get(email="manager.yangiqorgon@demo.test"))
    page = client.get("/admin/verify-in-person/")
    assert page.status_code == 200
    response = client.post("/admin/verify-in-person/", {"email": resident.email, "note": "passport AB1234567"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.verification_level == VerificationLevel.IN_PERSON
    assert resident.verifications.get(level=VerificationLevel.IN_PERSON).verified_by.email == (
        "manager.yangiqorgon@demo.test"
    )


def test_managers_elsewhere_and_other_roles_cannot_verify(client, seeded):
    resident = User.objects.get(email="dilnoza@demo.test")  # lives in Yangiqoʻrgʻon
    client.force_login(User.objects.get(email="manager.zomin@demo.test"))
    response = client.post("/admin/verify-in-person/", {"email": resident.email, "note": "x"})
    with translation.override("uz"):  # the admin speaks the staff member's preferred language
        refusal = str(VERIFY_NOT_ALLOWED)
    assert response.status_code == 200 and refusal in response.content.decode()
    client.force_login(User.objects.get(email="editor.yangiqorgon@demo.test"))
    denied = client.get("/admin/verify-in-person/")
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")  # Wagtail's "no permission" bounce
    resident.refresh_from_db()
    assert resident.verification_level == VerificationLevel.EMAIL


def test_a_bad_verification_form_keeps_what_was_typed(client, seeded):
    client.force_login(User.objects.get(email="manager.yangiqorgon@demo.test"))
    response = client.post("/admin/verify-in-person/", {"email": "nobody@demo.test", "note": "passport"})
    page = response.content.decode()
    with translation.override("uz"):
        assert str(NO_SUCH_RESIDENT) in page
    assert 'value="nobody@demo.test"' in page and "passport" in page
