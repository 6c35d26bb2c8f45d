"""Who may do what in participatory budgeting, registered with ``rules``."""

import rules

from participation.predicates import manages_whole_country
from proposals.budgeting import predicates as p

# Participatory budgeting. Each "may act" permission is "who" & "phase"; the "who" half is
# named on its own so services, which take a ``now`` for the phase, can ask it separately.
may_vote = p.verified_for_cycle & p.lives_in_cycle_territory & p.old_enough_for_cycle
may_submit = p.verified_for_cycle & p.lives_in_cycle_territory
may_edit = p.is_project_author & p.project_is_editable
rules.add_perm("proposals.eligible_to_vote", may_vote)
rules.add_perm("proposals.vote_cycle", may_vote & p.phase_allows_vote)
rules.add_perm("proposals.eligible_to_submit", may_submit)
rules.add_perm("proposals.submit_project", may_submit & p.phase_allows_submit)
rules.add_perm("proposals.author_may_edit", may_edit)
rules.add_perm("proposals.edit_project", may_edit & p.phase_allows_edit)
rules.add_perm("proposals.review_project", p.reviews_cycle & p.project_awaits_feasibility & p.results_not_published)
rules.add_perm("proposals.manage_cycle", p.manages_cycle)
rules.add_perm("proposals.extend_phase", p.manages_cycle)
rules.add_perm("proposals.annul_ballots", p.moderates_cycle & p.results_not_published)
rules.add_perm("proposals.see_anomalies", p.moderates_cycle)
rules.add_perm("proposals.publish_results", p.manages_cycle & p.results_not_published)
rules.add_perm("proposals.update_implementation", p.reviews_cycle & p.project_won)
rules.add_perm("proposals.sign_off_as_initiator", p.is_project_author & p.project_won)
rules.add_perm("proposals.sign_off_as_chair", p.chairs_project_mahalla & p.project_won)
# The staff screens: who opens them, which cycles they reach, who starts a cycle.
rules.add_perm("proposals.use_budget_screens", p.serves_the_budget)
rules.add_perm("proposals.see_cycle", p.staffs_cycle)
rules.add_perm("proposals.create_cycle", p.starts_cycles)
# The project categories are national: the managers of the whole country keep the list.
rules.add_perm("proposals.keep_categories", manages_whole_country)
