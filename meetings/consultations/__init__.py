"""Consultations: a khokimiyat asks the public or invited organisations about a draft and
answers every input in public. Built on the core's phases, comments, moderation and answers,
with the same rooms as ``proposals/petitions`` (models, transitions, predicates, rules,
services, selectors, forms, views, urls, admin, moderation, report, api, tasks, demo)."""
