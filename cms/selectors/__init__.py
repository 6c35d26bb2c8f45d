"""Reads of the information centres, one module per concern: ``pages`` (what each page type
lists), ``feeds``, ``search`` and ``languages`` (pages in the reader's language).

Nothing is re-exported here: a page model's feed route reaches ``cms.selectors.feeds`` while
the page models are still loading, and importing every selector at that point would loop back
into them.
"""
