"""Acting for a resident who is present: an operator at a service centre helps them take part.

``models.AssistedAct`` is the record every feature writes, in the same transaction as the act
itself, when an operator acts for a resident; ``services.assisted_act_record`` writes it.
"""
