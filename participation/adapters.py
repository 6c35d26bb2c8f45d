from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import get_language

from participation.services.users import user_email_confirmed


class AccountAdapter(DefaultAccountAdapter):
    """Connects allauth's events to the core's services."""

    def confirm_email(self, request, email_address):
        super().confirm_email(request, email_address)
        user_email_confirmed(user=email_address.user)

    def get_login_redirect_url(self, request):
        # The home page in the language the person was reading, not a language-less "/".
        return f"/{get_language()}/"
