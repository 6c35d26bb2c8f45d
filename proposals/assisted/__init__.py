"""Assisted participation as the features see it: what each act's row is about (``targets``, for
the resident's list and the staff screen) and the budget votes per mahalla the anomaly flags
compare an operator's share with; and its demo (``demo``)."""
