"""Facts about a person and a centre or a kiosk, for ``participation.kiosk.rules``."""

import rules

from participation.centres import centre_model
from participation.models import StaffRoleKind, Territory
from participation.selectors import user_holds_role_on


def _centre_territory(centre) -> Territory | None:
    if centre is None:
        return None
    specific = getattr(centre, "specific", centre)  # the same object when it is already specific
    if not isinstance(specific, centre_model()):
        return None
    territory = getattr(specific, "territory", None)
    return territory if isinstance(territory, Territory) else None


@rules.predicate
def manages_centre_territory(user, centre) -> bool:
    """A manager of the centre's territory, or of a territory above it."""
    territory = _centre_territory(centre)
    return territory is not None and user_holds_role_on(user, [StaffRoleKind.MANAGER], territory)


@rules.predicate
def manages_kiosk_centre(user, kiosk) -> bool:
    return manages_centre_territory(user, getattr(kiosk, "centre", None))
