"""Participatory budgeting: pabulib `.pb` parsing and exact tally rules.

`pabulib` parses files (no Django); `tally` holds pure rule functions that reproduce the
reference library pabutools 1.2.3 (see /work/shared/pabulib/README.md).
"""
