"""Consultations, meetings and organisations' participation.

Depends on ``participation`` only; ``cms`` may import from here, never the reverse.
Models arrive with the consultations issue.
"""
