"""Who may do what with a consultation, registered with ``rules``."""

import rules

from meetings.consultations import predicates as p

# A resident for themself: a public (or mixed) consultation, verified, living in its territory.
may_give_own_input = p.is_public & p.takes_public & p.is_verified_enough & p.lives_in_territory
rules.add_perm("meetings.give_own_input", may_give_own_input)
rules.add_perm("meetings.give_input_now", p.phase_allows_input)
rules.add_perm("meetings.run_consultation", p.runs_consultation)
rules.add_perm("meetings.answer_consultation", p.runs_consultation & p.is_public & p.not_concluded)
rules.add_perm("meetings.use_consultation_screens", p.runs_consultations_somewhere)
