"""Production: every secret comes from the environment and nothing insecure is assumed.

Start-up fails, naming the variable, when SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL,
SITE_URL or REDIS_URL is missing, so a half-configured server never serves a request.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from participation.config.settings.env import env_bool, env_database, env_email, env_int, env_list, env_str

from .base import *  # noqa: F403

SECRET_KEY = env_str("SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("django-insecure", "dev-only", "test-only")):
    raise ImproperlyConfigured("SECRET_KEY must be a random value of at least 50 characters.")

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name at least one host.")
DATABASES = {"default": env_database("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if not REDIS_URL:  # noqa: F405
    # Without Redis every process keeps its own rate-limit counters and sign-in lockouts (so
    # N processes allow N times the limit, and a restart forgets them) and tasks run inside
    # the request: no limit, and no queue.
    raise ImproperlyConfigured(
        "Set the REDIS_URL environment variable (redis://host:6379/0): production keeps rate limits, "
        "sign-in lockouts and the task queue in Redis."
    )
if "SITE_URL" not in os.environ:
    raise ImproperlyConfigured("Set the SITE_URL environment variable (see .env.example).")
vars().update(env_email("EMAIL_URL"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTML and JSON go out gzipped (home 15 KB → 3 KB). Below WhiteNoise, which serves static files
# precompressed; above the page cache, which keeps pages gzipped and hands them on as they are.
# Django's gzip pads each response with random bytes against BREACH (a page with a CSRF token).
_after_whitenoise = MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1  # noqa: F405
MIDDLEWARE.insert(_after_whitenoise, "django.middleware.gzip.GZipMiddleware")  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Managers (and superusers) enrol an authenticator app before they reach the admin.
MFA_REQUIRED_FOR_MANAGERS = env_bool("MFA_REQUIRED_FOR_MANAGERS", True)

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# OneID on: the PINFL's hash needs its key (docs/identity.md); the development stand-in never.
ONEID_FAKE = False
if ONEID_CLIENT_ID and len(ONEID_PINFL_PEPPER) < 32:  # noqa: F405
    raise ImproperlyConfigured("Set ONEID_PINFL_PEPPER (32+ random characters) when ONEID_CLIENT_ID is set.")
