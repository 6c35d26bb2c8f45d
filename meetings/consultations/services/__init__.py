"""Writes of consultations, one function per action, keyword-only, each in a transaction:
``consultations`` (open, invite, phases, conclude), ``documents`` (versions and imports),
``inputs`` (give, record, moderate, dispose) and ``notifications`` (who hears of what)."""
