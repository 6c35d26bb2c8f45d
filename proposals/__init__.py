"""Petitions (collective appeals) and participatory budgeting.

Depends on ``participation`` only; ``cms`` may import from here, never the reverse.
Models arrive with the petitions and PB issues.
"""
