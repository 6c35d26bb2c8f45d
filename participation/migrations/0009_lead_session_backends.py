"""Sessions signed in before participation.auth_backends existed name the libraries' backends;
Django signs out a session whose backend is no longer in AUTHENTICATION_BACKENDS. This moves
them onto the project's backends (and back, on reversal), so the change signs nobody out."""

from django.db import migrations
from django.utils import timezone

REPLACED_PATHS = {
    "django.contrib.auth.backends.ModelBackend": "participation.auth_backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": "participation.auth_backends.AuthenticationBackend",
}


def _move(apps, mapping):
    from django.contrib.sessions.backends.db import SessionStore

    Session = apps.get_model("sessions", "Session")
    store = SessionStore()
    changed = []
    sessions = Session.objects.filter(expire_date__gt=timezone.now()).only("session_key", "session_data")
    for session in sessions.iterator(chunk_size=2000):
        data = store.decode(session.session_data)
        backend = data.get("_auth_user_backend")
        if backend in mapping:
            data["_auth_user_backend"] = mapping[backend]
            session.session_data = store.encode(data)
            changed.append(session)
        if len(changed) >= 2000:
            Session.objects.bulk_update(changed, ["session_data"])
            changed = []
    Session.objects.bulk_update(changed, ["session_data"])


def forwards(apps, schema_editor):
    _move(apps, REPLACED_PATHS)


def backwards(apps, schema_editor):
    _move(apps, {new: old for old, new in REPLACED_PATHS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0008_orgs_organisations"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
