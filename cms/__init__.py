"""Wagtail pages: the home page now, khokimiyat information centres next.

The top layer: may import ``proposals``, ``meetings`` and ``participation``.
"""
