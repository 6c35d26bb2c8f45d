"""Transparency reports: what happened in a territory in a period, computed from the data and
frozen once the period has closed.

The core owns periods, the section registry, small-count suppression and frozen snapshots; each
feature registers its section from its ``AppConfig.ready()`` (its own ``report.py``), so the core
never imports a feature.
"""
