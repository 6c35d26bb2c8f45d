"""``make run``: one machine, SQLite, inline tasks, e-mail printed to the console.

DEBUG stays off unless ``DEBUG=true`` is set, so a newcomer sees the real error pages.
"""

from participation.config.settings.env import env_list, env_str

from .base import *  # noqa: F403

SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-3f9a1c6e2b7d48e0a5c4f1b2d3e4f5a6")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ALLOW_DEMO_DATA = True
