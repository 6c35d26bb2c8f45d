"""Receivers that keep staff access in the Wagtail admin in step with roles and pages.

The rules live in ``cms.services.access``; this module only wires events to them.
``participation`` cannot import ``cms``, so it announces role changes with its own signals
(``participation.signals``), sent inside the role service's transaction.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.models import KhokimiyatPage
from cms.selectors.languages import PAGES_GENERATION, forget_translation_keys
from cms.services import access
from participation.languages import default_locale
from participation.signals import staff_role_granted, staff_role_revoked
from participation.web import generations
from participation.web.page_cache import pages_changed
from participation.web.sitemap import sitemap_changed


def on_staff_role_granted(sender, *, user, territory, role, by=None, **kwargs):
    access.staff_access_grant(user=user, territory=territory, role=role, by=by)


def on_staff_role_revoked(sender, *, user, territory, role, by=None, **kwargs):
    access.staff_access_revoke(user=user, territory=territory, role=role, by=by)


def on_khokimiyat_page_saved(sender, *, instance, created, raw=False, **kwargs):
    # post_save rather than page_published: a page is provisioned as soon as it exists, so
    # its staff can draft it before anything is live. This covers the admin's create view,
    # ``parent.add_child(instance=...)`` in code and translations made by
    # wagtail.contrib.simple_translation (a copy, saved as a new page). Fixture loading
    # (raw) is left alone: the rows it loads already say who may do what.
    if created and not raw:
        access.khokimiyat_page_provision(instance)


def on_page_changed(sender, **kwargs):
    # Wagtail publishes, unpublishes, moves and deletes pages itself (the admin, workflows):
    # any page may appear in another's menu, children or breadcrumbs, so every kept copy goes.
    pages_changed()


def on_page_listing_changed(sender, **kwargs):
    # The sitemap lists live public pages by address: publishing, unpublishing, moving or
    # deleting a page, or restricting who may view it, changes what it lists.
    sitemap_changed()


def on_page_created(sender, *, instance, created, raw=False, **kwargs):
    # A new page outside the default language (a translation, even a draft) is one that
    # ``localized`` and the lists must find (cms.selectors.languages keeps the keys each such
    # locale has). Uzbek pages, the great majority, change nothing there.
    if created and instance.locale_id != default_locale().pk:
        forget_translation_keys()
        generations.changed(PAGES_GENERATION)


def connect() -> None:
    staff_role_granted.connect(on_staff_role_granted, dispatch_uid="cms.access.staff_role_granted")
    staff_role_revoked.connect(on_staff_role_revoked, dispatch_uid="cms.access.staff_role_revoked")
    post_save.connect(on_khokimiyat_page_saved, sender=KhokimiyatPage, dispatch_uid="cms.access.khokimiyat_page")
    page_published.connect(on_page_changed, dispatch_uid="cms.page_cache.published")
    page_unpublished.connect(on_page_changed, dispatch_uid="cms.page_cache.unpublished")
    post_page_move.connect(on_page_changed, dispatch_uid="cms.page_cache.moved")
    post_delete.connect(on_page_changed, sender=Page, dispatch_uid="cms.page_cache.deleted")
    page_published.connect(on_page_listing_changed, dispatch_uid="cms.sitemap.published")
    page_unpublished.connect(on_page_listing_changed, dispatch_uid="cms.sitemap.unpublished")
    post_page_move.connect(on_page_listing_changed, dispatch_uid="cms.sitemap.moved")
    for model in get_page_models():
        post_delete.connect(on_page_listing_changed, sender=model, dispatch_uid="cms.sitemap.page_deleted")
        post_save.connect(on_page_created, sender=model, dispatch_uid="cms.translations.page_created")
    for signal in (post_save, post_delete):
        signal.connect(on_page_listing_changed, sender=PageViewRestriction, dispatch_uid="cms.sitemap.restriction")
        # A page made private must stop being served from a copy kept while it was public.
        signal.connect(on_page_changed, sender=PageViewRestriction, dispatch_uid="cms.page_cache.restriction")
