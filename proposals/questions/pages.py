"""Where a question is shown on the public site.

A question's page is a route of its khokimiyat's page, and those pages belong to the page
layer (``cms``), which this feature never imports. The page layer tells the feature how to
find the address instead: ``cms`` registers a locator in its ``AppConfig.ready()``.
"""

from collections.abc import Callable

_locator: Callable | None = None


def register_question_locator(locator: Callable) -> None:
    """``locator(question) -> str``: the question's path in the active language, or ""."""
    global _locator
    _locator = locator


def question_path(question) -> str:
    """The public path of ``question`` in the active language ("" when no page shows it)."""
    return _locator(question) if _locator is not None else ""
