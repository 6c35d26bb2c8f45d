"""Participatory budgeting: pabulib `.pb` parsing and exact tally rules.

`pabulib` parses files (no Django); `tally` holds pure rule functions that reproduce the
reference library pabutools 1.2.3 (see shared/pabulib/README.md beside the project;
copies of its .pb files are in tests/proposals/budgeting/pabulib/).
"""
