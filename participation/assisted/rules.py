"""Who may watch and report assisted acts (loaded by ``participation.rules``)."""

import rules

from participation import predicates as p


@rules.predicate
def is_acts_resident(user, act) -> bool:
    """The resident the act was done for (never the operator who did it)."""
    return getattr(user, "pk", None) is not None and user.pk == getattr(act, "resident_id", None)


# The resident, once: a second report would only repeat the first to the managers.
rules.add_perm("participation.report_assisted_act", is_acts_resident)
# The staff screen opens for managers and moderators; each sees the acts of their territories.
rules.add_perm("participation.use_assisted_acts", p.moderates_somewhere)
