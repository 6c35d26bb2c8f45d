import base64
import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language

from participation.ratelimit import client_ip
from participation.services.users import user_email_confirmed
from participation.staff_signin import two_factor_missing, two_factor_required


def address_block(address: str) -> str:
    """One person's address as rate limits count it: an IPv6 client owns a whole /64 (allauth
    counts its per-address limit the same way), so hopping inside it gains nothing."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


class AccountAdapter(DefaultAccountAdapter):
    """Connects allauth's events to the core's services."""

    def confirm_email(self, request, email_address):
        super().confirm_email(request, email_address)
        user_email_confirmed(user=email_address.user)

    def get_login_redirect_url(self, request):
        # A manager who must use a second factor sets it up first (the admin would send them
        # there anyway; this spares them a detour).
        if two_factor_missing(request.user):
            return reverse("mfa_activate_totp")
        # The home page in the language the person was reading, not a language-less "/".
        return f"/{get_language()}/"

    def get_client_ip(self, request):
        # The same address the site's own limits use (TRUST_X_FORWARDED_FOR behind the proxy):
        # otherwise, behind nginx, every resident would share the proxy's address and its limit.
        return client_ip(request) or super().get_client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth counts failed sign-ins per account ("5/5m/key") whoever fails: anyone could
        # keep a resident out by failing five times on their address. Counting per (account,
        # address) pair keeps a guesser's failures theirs; the "ip" limit still stops one
        # address guessing across many accounts. Password reset clears the same pair.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{address_block(self.get_client_ip(request))}"


def _secret_box() -> MultiFernet:
    """Keys for the authenticator secrets, derived from SECRET_KEY (the newest first, then the
    fallbacks, so rotating the key leaves every enrolled phone working)."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet(
        [
            Fernet(
                base64.urlsafe_b64encode(salted_hmac("participation.mfa", "", secret=key, algorithm="sha256").digest())
            )
            for key in keys
        ]
    )


class MFAAdapter(DefaultMFAAdapter):
    # allauth stores the authenticator secret and the recovery-code seed as they are: anyone
    # with the database or a backup could then make every staff member's codes. Sealed with a
    # key that lives outside the database, a copy of it alone makes none.
    def encrypt(self, text: str) -> str:
        return _secret_box().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return _secret_box().decrypt(encrypted_text.encode()).decode()

    def can_delete_authenticator(self, authenticator):
        # Where a second factor is required, removing the only one would just bring the person
        # back to the setup page; refuse it with allauth's own message instead.
        if authenticator.type == Authenticator.Type.TOTP and two_factor_required(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
