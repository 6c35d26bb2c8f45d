"""Writes of the core. Each service checks its rule, changes rows in one transaction and
records who did it; views, admin, commands and tasks only call these."""
