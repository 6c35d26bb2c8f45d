"""Wagtail's ``page.localized`` without a query where nothing is translated.

Wagtail serves every request from the site's root page ``.localized`` (its translation in the
active language) and our routing fallback asks the same of the page found. For a Russian or
Cyrillic reader that is a query each time, though almost no page has a translation. The
translation keys each locale has are known from memory (``cms.selectors.languages``), so the
query runs only for a page that may really have one; the answer is otherwise the same.
"""

from wagtail.models import Locale, Page

from cms.selectors.languages import may_be_translated
from participation.languages import active_locale


def install() -> None:
    wagtail_localized_draft = Page.localized_draft.fget

    def localized_draft(self):
        try:
            locale = active_locale()
        except (LookupError, Locale.DoesNotExist):
            return self  # as Wagtail's: no locale, no translation
        if locale.pk != self.locale_id and not may_be_translated(self.translation_key, locale.pk):
            return self
        return wagtail_localized_draft(self)

    Page.localized_draft = property(localized_draft, doc=Page.localized_draft.__doc__)
