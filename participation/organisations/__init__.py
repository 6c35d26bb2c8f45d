"""Organisations (registered NGOs, women's action groups, mahalla bodies, youth groups,
professional associations) and their members: who may act on behalf of whom.

A feature (consultations, meetings, budgeting) asks ``predicates.can_act_for_organisation`` or
``selectors.organisations_user_can_represent`` and registers what an organisation's public
page shows about it in ``registry``; the core never imports a feature.
"""
