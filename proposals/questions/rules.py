"""Who may do what with a question: combinations of the predicates, registered with ``rules``.

Moderation (publish, reject, appeal) is the moderation core's: ``participation.decide_moderation``.
"""

import rules

from proposals.questions import predicates as p

rules.add_perm("proposals.ask_question", p.has_confirmed_email)
rules.add_perm("proposals.answer_question", p.responds_here)
# Whoever answers may ask for more time; the manager is among them.
rules.add_perm("proposals.extend_question", p.responds_here)
# Staff may read a question before it is published (the staff screen and its preview).
rules.add_perm("proposals.view_unpublished_question", p.is_question_staff_here)
rules.add_perm("proposals.use_question_queue", p.holds_question_role_anywhere)
