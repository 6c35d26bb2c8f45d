"""Who may register and revoke kiosks (imported by ``participation.rules``)."""

import rules

from participation import predicates as core
from participation.kiosk import predicates as p

# A browser becomes a kiosk of a centre only by a manager of the centre's territory (or above):
# every act done on it is counted under that centre's kiosk channel.
rules.add_perm("participation.register_kiosk", p.manages_centre_territory)
rules.add_perm("participation.revoke_kiosk", p.manages_kiosk_centre)
rules.add_perm("participation.use_kiosk_screen", core.manages_somewhere)
