"""Factories for test data, one module per feature (factory_boy; wagtail-factories for pages).

``UserFactory`` is re-exported here because almost every test file needs a person.
"""

from tests.factories.accounts import UserFactory, staff_member

__all__ = ["UserFactory", "staff_member"]
