"""How the page layer shows residents' questions (``proposals.questions``).

A question belongs to a territory; it is shown as a route of that territory's khokimiyat page
(``questions/<id>/``). ``register()``, called from ``CmsConfig.ready()``, hands the question
views to the page's routes and tells the question feature how to find a question's address,
so neither the page model imports a view nor the feature imports ``cms``.
"""

from wagtail.models import Locale

from cms.models import KhokimiyatPage
from cms.models import khokimiyat as khokimiyat_models
from cms.models.base import url_in_active_language
from proposals.questions import views as question_views
from proposals.questions.pages import register_question_locator


def khokimiyat_page_of(territory_id: int) -> KhokimiyatPage | None:
    """The khokimiyat page of the territory, in the default language when there is one."""
    pages = KhokimiyatPage.objects.filter(territory_id=territory_id)
    return pages.filter(locale=Locale.get_default()).first() or pages.order_by("pk").first()


def question_path_on(page: KhokimiyatPage, question) -> str:
    """The question's path under ``page``, in the active language ("" when the page has no site)."""
    parts = page.get_url_parts()
    if parts is None:
        return ""
    _site_id, _root_url, page_path = parts
    return url_in_active_language(page_path.rstrip("/") + "/" + page.reverse_subpage("question", args=[question.pk]))


def question_path(question) -> str:
    page = khokimiyat_page_of(question.territory_id)
    return question_path_on(page, question) if page is not None else ""


def register() -> None:
    register_question_locator(question_path)
    khokimiyat_models.ROUTE_VIEWS.update(
        questions=question_views.questions_list,
        ask_question=question_views.question_ask,
        question=question_views.question_detail,
        follow_question=question_views.question_follow,
        appeal_question=question_views.question_appeal,
    )
