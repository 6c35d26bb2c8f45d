"""The authentication backends: Django's and allauth's, loading the person's home territory
with the person.

Nearly every act of a signed-in resident asks where they live (may they sign a petition of
this district, which mahalla does their signature count for, may they vote in this cycle), so
the territory comes in the same query as the person instead of a round trip of its own on
every such request; signing, the hottest write, is one of them.

The settings list these in place of the libraries' own. Sessions remember the backend's path:
``participation/migrations/0009_lead_session_backends.py`` moved the sessions signed in before
onto these paths, so nobody was signed out by the change.
"""

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends as django_backends
from django.contrib.auth import get_user_model


class _HomeTerritoryWithUser:
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("home_territory")
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(_HomeTerritoryWithUser, django_backends.ModelBackend):
    pass


class AuthenticationBackend(_HomeTerritoryWithUser, allauth_backends.AuthenticationBackend):
    pass
