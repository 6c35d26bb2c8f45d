"""Date and number formats for the interface languages Django does not ship (``kaa``).

``FORMAT_MODULE_PATH`` points here; a language without a module here keeps Django's own.
"""
