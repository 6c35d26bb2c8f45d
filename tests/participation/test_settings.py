"""Settings are read from the environment; a bad value stops start-up and names the variable."""

import gzip
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

PRODUCTION_ENV = {
    "SECRET_KEY": "k" * 64,
    "ALLOWED_HOSTS": "ishtirok.example.uz",
    "SITE_URL": "https://ishtirok.example.uz",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/participation",
    "EMAIL_URL": "smtp://localhost:25",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def start(settings_module: str, env: dict, code: str = "print('started')") -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter, as a server would at start-up."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "SECRET_KEY",
            "DEBUG",
            "ALLOWED_HOSTS",
            "SITE_URL",
            "EMAIL_URL",
        }
    }
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    script = f"import django; django.setup(); {code}"
    return subprocess.run(
        [sys.executable, "-c", script], env=clean, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DATABASE_URL": "mysql2://nowhere"}, "DATABASE_URL"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL"),
        ({"UNVERIFIED_ACCOUNT_RETENTION_DAYS": "seven"}, "UNVERIFIED_ACCOUNT_RETENTION_DAYS"),
    ],
)
def test_bad_values_stop_start_up_naming_the_variable(env, variable):
    result = start("participation.config.settings.dev", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and variable in result.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SITE_URL", "EMAIL_URL", "REDIS_URL"]
)
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = start("participation.config.settings.production", env)
    assert result.returncode != 0
    assert missing in result.stderr.splitlines()[-1]


def test_production_refuses_a_weak_secret():
    result = start("participation.config.settings.production", {**PRODUCTION_ENV, "SECRET_KEY": "dev-only-short"})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr.splitlines()[-1]


def test_production_starts_with_debug_off_and_secure_cookies():
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    )
    result = start("participation.config.settings.production", PRODUCTION_ENV, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "31536000"]


def test_development_defaults_need_no_services():
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'])"
    )
    result = start("participation.config.settings.dev", {}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "django.db.backends.sqlite3",
        "True",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_redis_url_switches_broker_cache_and_wagtail_tasks():
    code = (
        "from django.conf import settings as s; "
        "print(s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'], s.TASKS['default']['BACKEND'])"
    )
    result = start("participation.config.settings.dev", {"REDIS_URL": "redis://127.0.0.1:6379/3"}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "redis://127.0.0.1:6379/3",
        "False",
        "participation.cache.RedisCache",
        "participation.task_backends.CeleryTaskBackend",
    ]


def test_production_without_redis_says_why_it_is_needed():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "REDIS_URL"}
    result = start("participation.config.settings.production", env)
    last = result.stderr.splitlines()[-1]
    assert result.returncode != 0
    assert "ImproperlyConfigured" in last and "REDIS_URL" in last and "rate limits" in last


@pytest.mark.django_db
def test_production_sends_html_gzipped_to_browsers_that_accept_it(client, home_page):
    result = start(
        "participation.config.settings.production",
        PRODUCTION_ENV,
        "from django.conf import settings as s; print(','.join(s.MIDDLEWARE))",
    )
    assert result.returncode == 0, result.stderr
    with override_settings(MIDDLEWARE=result.stdout.strip().split(",")):
        plain = client.get("/uz/")
        zipped = client.get("/uz/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert plain.status_code == zipped.status_code == 200
    assert "Content-Encoding" not in plain and zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert b"<html" in gzip.decompress(zipped.content)
    assert len(zipped.content) < len(plain.content) / 2
