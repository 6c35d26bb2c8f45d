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


def _tree(tmp_path, files: dict[str, str]):
    for package in ("participation", "proposals", "meetings", "cms"):
        (tmp_path / package).mkdir(exist_ok=True)
    for name, source in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return tmp_path


def test_a_selector_importing_a_service_is_caught_however_it_is_written(tmp_path):
    root = _tree(
        tmp_path,
        {
            "proposals/petitions/selectors.py": "def f():\n    from proposals.petitions.services.lifecycle import X\n",
            "proposals/budgeting/selectors/projects.py": "from ..services import voting\n",
            "proposals/budgeting/selectors/cycles.py": "from proposals.budgeting import services\n",
            "participation/selectors.py": "import participation.moderation.services\n",
            "cms/selectors/pages.py": "from cms.models.services import ServicePage\n",  # a page model: allowed
            "proposals/petitions/services/notifications.py": "from proposals.petitions.services import lifecycle\n",
        },
    )
    assert layering_violations(root) == [
        "participation/selectors.py imports participation.moderation.services: a selector must not import a service",
        "proposals/budgeting/selectors/cycles.py imports proposals.budgeting.services: "
        "a selector must not import a service",
        "proposals/budgeting/selectors/projects.py imports proposals.budgeting.services: "
        "a selector must not import a service",
        "proposals/petitions/selectors.py imports proposals.petitions.services.lifecycle: "
        "a selector must not import a service",
    ]


def test_a_model_importing_a_view_is_caught(tmp_path):
    root = _tree(
        tmp_path,
        {
            "cms/models/khokimiyat.py": "class Page:\n    def route(self):\n        from cms.views import detail\n",
            "proposals/petitions/models.py": "from proposals.petitions import admin_views\n",
            "participation/models/users.py": "from participation.web.views import run_and_return\n",
            "proposals/budgeting/models.py": "from proposals.budgeting.selectors import cycles\n",  # allowed
        },
    )
    assert layering_violations(root) == [
        "participation/models/users.py imports participation.web.views: a model must not import a view",
        "proposals/petitions/models.py imports proposals.petitions.admin_views: a model must not import a view",
        "cms/models/khokimiyat.py imports cms.views: a model must not import a view",
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
    # Karakalpak has its own catalogue, in its own Latin letters.
    assert "Wálayatlar boyınsha hákimlikler" in client.get("/kaa/").content.decode()
