"""The person comes with their home territory, and the change of backends signs nobody out."""

import importlib
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import SESSION_KEY, get_user
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.fixtures import *  # noqa: F403

session_backends = importlib.import_module("participation.migrations.0009_lead_session_backends")


def _session(user, backend: str) -> SessionStore:
    session = SessionStore()
    session.update(
        {SESSION_KEY: str(user.pk), "_auth_user_backend": backend, "_auth_user_hash": user.get_session_auth_hash()}
    )
    session.set_expiry(timezone.now() + timedelta(days=1))
    session.save()
    return session


def _signed_in(session_key: str):
    request = RequestFactory().get("/")
    request.session = SessionStore(session_key)
    return get_user(request)


def test_a_signed_in_person_comes_with_their_home_territory_in_one_query(client, resident, tree):
    person = resident(tree.navbahor)
    session = _session(person, "participation.auth_backends.AuthenticationBackend")
    request = RequestFactory().get("/")
    request.session = SessionStore(session.session_key)
    assert request.session[SESSION_KEY] == str(person.pk)  # the session is read before counting
    with CaptureQueriesContext(connection) as queries:
        user = get_user(request)
        home = user.home_territory
    assert (user.pk, home) == (person.pk, tree.navbahor)
    assert len(queries) == 1, [q["sql"] for q in queries]


def test_sessions_signed_in_under_the_libraries_backends_stay_signed_in(resident, tree):
    django_session = _session(resident(), "django.contrib.auth.backends.ModelBackend")
    allauth_session = _session(resident(), "allauth.account.auth_backends.AuthenticationBackend")
    # Under the new settings Django would sign both out...
    assert not _signed_in(django_session.session_key).is_authenticated
    assert not _signed_in(allauth_session.session_key).is_authenticated

    session_backends.forwards(apps, None)

    # ...the migration moves them onto the project's backends, keeping everything else.
    for session in (django_session, allauth_session):
        user = _signed_in(session.session_key)
        assert user.is_authenticated and str(user.pk) == session[SESSION_KEY]
    assert SessionStore(django_session.session_key).load()["_auth_user_backend"] == (
        "participation.auth_backends.ModelBackend"
    )
    assert SessionStore(allauth_session.session_key).load()["_auth_user_backend"] == (
        "participation.auth_backends.AuthenticationBackend"
    )

    session_backends.backwards(apps, None)
    assert SessionStore(django_session.session_key).load()["_auth_user_backend"] == (
        "django.contrib.auth.backends.ModelBackend"
    )


def test_signing_in_by_email_and_password_records_the_projects_backend(client, resident, tree):
    person = resident()
    person.set_password("Qovun-pishdi-2026")
    person.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(user=person, email=person.email, defaults={"verified": True, "primary": True})
    response = client.post("/uz/accounts/login/", {"login": person.email, "password": "Qovun-pishdi-2026"})
    assert response.status_code == 302
    assert client.session["_auth_user_backend"].startswith("participation.auth_backends.")
