"""Who may do what with a petition: combinations of the predicates, registered with ``rules``."""

import rules

from proposals.petitions import predicates as p

rules.add_perm("proposals.answer_petition", p.responds_here & p.is_awaiting_answer)
rules.add_perm("proposals.extend_petition", p.responds_here & p.is_awaiting_answer)
rules.add_perm("proposals.invalidate_signatures", p.moderates_here & p.is_collecting)
rules.add_perm("proposals.sign_petition", p.is_verified_enough & p.lives_where_required & p.is_collecting)
rules.add_perm("proposals.withdraw_petition", p.is_author)
rules.add_perm("proposals.edit_petition_rules", p.may_edit_rules)
