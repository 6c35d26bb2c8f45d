"""Strict readers for environment variables.

django-environ parses URLs well but forgives bad scalars: ``DEBUG=maybe`` silently means
False. A platform that a khokimiyat's IT officer configures by hand must refuse a typo at
start-up and say which variable is wrong, so every reader here raises ``ImproperlyConfigured``
with the variable's name.
"""

import os
from collections.abc import Iterable

import environ
from django.core.exceptions import ImproperlyConfigured

REQUIRED = object()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str, default):
    value = os.environ.get(name)
    if value is None:
        if default is REQUIRED:
            raise ImproperlyConfigured(f"Set the {name} environment variable (see .env.example).")
        return None
    return value


def env_str(name: str, default=REQUIRED) -> str:
    value = _raw(name, default)
    return default if value is None else value


def env_bool(name: str, default=REQUIRED) -> bool:
    value = _raw(name, default)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: use true or false.")


def env_int(name: str, default=REQUIRED, *, minimum: int | None = None) -> int:
    value = _raw(name, default)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_list(name: str, default=REQUIRED) -> list[str]:
    value = _raw(name, default)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def _check_scheme(name: str, value: str, schemes: Iterable[str]) -> None:
    scheme = value.split("://", 1)[0] if "://" in value else ""
    if scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(f"{name}={value!r} must be a URL starting with one of: {allowed}.")


def env_database(name: str, default=REQUIRED) -> dict:
    value = env_str(name, default)
    _check_scheme(name, value, {"sqlite", "postgres", "postgresql", "pgsql"})
    try:
        return environ.Env.db_url_config(value)
    except Exception as error:  # django-environ raises several types for malformed URLs
        raise ImproperlyConfigured(f"{name}={value!r} is not a valid database URL: {error}") from None


def env_optional_url(name: str, schemes: Iterable[str]) -> str | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    _check_scheme(name, value, schemes)
    return value


def env_email(name: str, default=REQUIRED) -> dict:
    value = env_str(name, default)
    _check_scheme(name, value, {"consolemail", "smtp", "smtps", "smtp+tls", "smtp+ssl", "memorymail", "dummymail"})
    return environ.Env.email_url_config(value)


def read_dotenv(path) -> None:
    """Load ``.env`` into the process environment without overriding what is already set."""
    if path.exists():
        environ.Env.read_env(str(path), overwrite=False)
