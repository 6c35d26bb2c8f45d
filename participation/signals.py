"""Signals of the core, for layers above it to react to without the core importing them.

``participation`` must never import ``cms`` (``participation.E001``), yet granting a role has
to open the matching pages in the Wagtail admin. The role services send these signals and
``cms`` listens. They are sent inside the service's transaction, not on commit, so whatever
a receiver provisions is committed or rolled back together with the role itself.
"""

from django.dispatch import Signal

# kwargs: staff_role, user, territory, role, created (False when the role was already held,
# so receivers can repair what an earlier grant should have provisioned), by (the granting
# user, or None for a management command).
staff_role_granted = Signal()

# kwargs: staff_role (already deleted from the database), user, territory, role, by.
staff_role_revoked = Signal()
