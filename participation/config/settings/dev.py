"""``make run``: one machine, SQLite, inline tasks, e-mail printed to the console.

DEBUG stays off unless ``DEBUG=true`` is set, so a newcomer sees the real error pages.
"""

import os

from participation.config.settings.env import env_int, env_list, env_str

from .base import *  # noqa: F403

SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-3f9a1c6e2b7d48e0a5c4f1b2d3e4f5a6")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ALLOW_DEMO_DATA = True

# E-mails and the Wagtail admin link to SITE_URL. Unless it is set, it follows the address the
# development server listens on (`make run HOST=… PORT=…` passes both), so a second checkout
# served on another port does not send people to the first one's.
if not os.environ.get("SITE_URL"):
    _host = env_str("HOST", "127.0.0.1")
    SITE_URL = f"http://{f'[{_host}]' if ':' in _host else _host}:{env_int('PORT', 8000, minimum=1)}"
    WAGTAILADMIN_BASE_URL = SITE_URL

# `make run` signs in with a stand-in for OneID on this site when DEBUG=true (docs/identity.md):
# /dev/oneid/ offers two demo people. A real ONEID_CLIENT_ID in the environment wins.
if DEBUG and not os.environ.get("ONEID_CLIENT_ID"):  # noqa: F405
    ONEID_FAKE = True
    ONEID_BASE_URL = f"{SITE_URL}/dev/oneid"
    ONEID_CLIENT_ID = "ishtirok-dev"
    ONEID_CLIENT_SECRET = "dev-only-not-secret"
    ONEID_SCOPE = "ishtirok-dev"
    ONEID_PINFL_PEPPER = ONEID_PINFL_PEPPER or "dev-only-pinfl-pepper"  # noqa: F405
