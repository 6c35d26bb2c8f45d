"""Who may do what with an organisation: combinations of ``predicates``, registered with
``rules`` (imported by ``participation.rules``). Targets are organisations."""

import rules

from participation.organisations import predicates as p

# A resident with a confirmed e-mail registers a group and becomes its first representative.
rules.add_perm("participation.register_organisation", p.has_confirmed_email)
# Verify, reject, suspend, renew: a manager of its territory; never a member deciding for their own group.
rules.add_perm("participation.verify_organisation", p.manages_organisation_territory & ~p.is_member)
# Acting on the organisation's behalf (an input, a position): a current representative of a
# verified, unexpired organisation.
rules.add_perm("participation.act_for_organisation", p.acts_for)
# The member list is private: its representatives and the managers who verify it.
rules.add_perm("participation.view_organisation_members", p.is_representative | p.manages_organisation_territory)
# Representatives invite by link while the group is requested or verified and current; so do
# the territory's managers (an organisation staff registered has no representative yet).
rules.add_perm(
    "participation.invite_organisation_member",
    (p.is_representative | p.manages_organisation_territory) & p.is_in_good_standing,
)
# Representatives (and the territory's managers) end memberships.
rules.add_perm("participation.end_organisation_membership", p.is_representative | p.manages_organisation_territory)
rules.add_perm("participation.leave_organisation", p.is_member)
# The staff screen of organisations opens for managers (its rows are those of their territories).
rules.add_perm("participation.use_organisation_screen", p.manages_somewhere)
