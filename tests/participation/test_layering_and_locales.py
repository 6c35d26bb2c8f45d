import polib
from django.conf import settings
from django.core.management import call_command

from participation.checks import layering_violations
from participation.locales import stale_catalogues


def test_imports_point_one_way_in_this_tree():
    assert layering_violations() == []


def test_a_wrong_way_import_is_caught(tmp_path):
    for package in ("participation", "proposals", "meetings", "cms"):
        (tmp_path / package).mkdir()
    (tmp_path / "participation" / "selectors.py").write_text("from proposals.models import Petition\n")
    (tmp_path / "meetings" / "views.py").write_text("import cms.models\n")
    (tmp_path / "cms" / "models.py").write_text("from proposals import models\n")  # allowed
    assert layering_violations(tmp_path) == [
        "participation/selectors.py imports proposals.models: participation must not import proposals",
        "meetings/views.py imports cms.models: meetings must not import cms",
    ]


def test_system_check_passes():
    call_command("check", fail_level="ERROR")


def test_uzbek_and_russian_catalogues_are_complete():
    for language in ("uz", "ru"):
        catalogue = polib.pofile(str(settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"))
        assert len(catalogue) > 100
        assert catalogue.untranslated_entries() == []
        assert catalogue.fuzzy_entries() == []


def test_generated_catalogues_are_committed_up_to_date():
    """The Cyrillic catalogue is built from the Latin one; a stale copy would drift."""
    assert stale_catalogues() == []


def test_cyrillic_interface_is_the_transliterated_latin_one(client, home_page):
    latin = client.get("/uz/").content.decode()
    cyrillic = client.get("/uz-cyrl/").content.decode()
    assert "Viloyatlar boʻyicha hokimliklar" in latin
    assert "Вилоятлар бўйича ҳокимликлар" in cyrillic
    # Karakalpak falls back to Uzbek Latin until its translators fill the catalogue.
    assert "Viloyatlar boʻyicha hokimliklar" in client.get("/kaa/").content.decode()
