"""Participatory budgeting: pabulib `.pb` parsing and exact tally rules.

`pabulib` parses files (no Django); `methods` holds pure rule functions that reproduce the
reference library pabutools 1.2.3 (copies of real pabulib .pb files are in
tests/proposals/budgeting/pabulib/); `recompute` writes the exact pabutools call that gives a
published result, which the results page and the exported file's META both state.
"""
