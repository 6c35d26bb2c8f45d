"""Named permissions of the core, built from ``participation.predicates``.

Loaded by ``rules.apps.AutodiscoverRulesConfig``. Superusers pass every check through
Django's backend; these rules never grant anything to anonymous users.
"""

import rules

from participation import predicates as p

rules.add_perm("participation.edit_territory", p.is_editor_here)
rules.add_perm("participation.moderate_territory", p.is_moderator_here)
rules.add_perm("participation.respond_territory", p.is_responder_here)
rules.add_perm("participation.manage_territory", p.is_manager_here)
rules.add_perm("participation.grant_role_territory", p.is_manager_here)
# Nobody vouches for themselves: an in-person check needs a second person. A manager (staff
# screen) or an operator (at the desk of a service centre) of the person's home territory.
rules.add_perm("participation.verify_user", (p.manages_home_territory_of | p.operates_home_territory_of) & ~p.is_self)
rules.add_perm("participation.use_verify_in_person", p.manages_somewhere)
rules.add_perm("participation.use_staff_tools", p.holds_any_role)
# Acting for a resident (participation.assisted): an operator of a territory containing the
# resident's home, never for themselves; registering a resident of a mahalla they serve.
rules.add_perm("participation.use_operator_desk", p.operates_somewhere)
rules.add_perm("participation.assist_resident", p.operates_home_territory_of & ~p.is_self)
rules.add_perm("participation.register_resident", p.is_operator_here)
# Managers give and take the operator role on their territories from the "Operators" screen.
rules.add_perm("participation.manage_operators", p.manages_somewhere)
# Moderation: one queue for every kind of content, scoped by territory; nobody decides their
# own content, and an appeal goes to someone other than the first decider.
rules.add_perm("participation.decide_moderation", p.moderates_item_territory & ~p.is_excluded_from_item)
rules.add_perm("participation.use_moderation_queue", p.moderates_somewhere)
# The list of reasons is shared by every territory; any manager keeps it (retire, never delete).
rules.add_perm("participation.manage_reason_codes", p.manages_whole_country)

# Watching assisted acts: the resident's report, the staff screen with its flags.
from participation.assisted import rules as assisted_rules  # noqa: E402, F401

# Organisations name their own permissions (verify, act for, invite, ...); kiosks theirs
# (register, revoke).
from participation.kiosk import rules as kiosk_rules  # noqa: E402, F401
from participation.organisations import rules as organisation_rules  # noqa: E402, F401
