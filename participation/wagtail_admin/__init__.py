"""The core of every staff screen in the Wagtail admin: a permission policy that asks the
``rules`` permissions (``policies``), and the base viewsets and views the features build on
(``viewsets``). A feature declares what its screens show and which permission opens them; the
listing, the menu item, the create/edit forms, the 403 page and the audit history come from here.
"""
