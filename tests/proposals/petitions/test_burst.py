"""The burst alarm is raised exactly once per crossing, whatever the order in which the
signers' after-commit checks run: the database decides which check flags (one conditional
UPDATE), not a count or a look at the moderation queue that another check may be doing at the
same moment. The threaded version of this runs on PostgreSQL in test_concurrency.py."""

from datetime import timedelta

import pytest
from django.utils import timezone

from participation.models import ModerationItem, ModerationKind
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.services import lifecycle as svc
from tests.fixtures.clock import T0
from tests.fixtures.petitions import published_recently

pytestmark = pytest.mark.django_db

MINUTE = timedelta(minutes=1)
IP = "10.40.0.9"


@pytest.fixture
def flags(monkeypatch):
    """Every call that raises the alarm, and a hook to run another check at the worst moment:
    after this one decided to flag and before its flag is written."""
    calls = []
    real = svc.moderation_flag_system
    meanwhile = []

    def recording(obj, *, note, now=None):
        calls.append(note)
        while meanwhile:
            meanwhile.pop(0)()
        return real(obj, note=note, now=now)

    monkeypatch.setattr(svc, "moderation_flag_system", recording)
    return calls, meanwhile


def signed_burst(make_petition, resident, settings, django_capture_on_commit_callbacks, *, signers=7):
    settings.PETITION_IP_BURST = (5, 3600)
    petition = make_petition(S.COLLECTING)
    with django_capture_on_commit_callbacks(execute=False) as checks:
        for minute in range(signers):
            svc.petition_sign(petition=petition, user=resident(), ip=IP, now=T0 + minute * MINUTE)
    # Signing also leaves other after-commit work (the kept pages are renewed): only the burst
    # checks, in signing order, are run by hand here.
    return petition, [check for check in checks if "petition_sign" in check.__qualname__]


def test_checks_that_run_while_another_is_flagging_do_not_flag_again(
    make_petition, resident, settings, django_capture_on_commit_callbacks, flags
):
    calls, meanwhile = flags
    petition, checks = signed_burst(make_petition, resident, settings, django_capture_on_commit_callbacks)
    # Each check knows the count its own signature made (1 to 7). The fifth crosses the burst
    # size; every later one runs while it is between "I flag" and the flag itself.
    meanwhile.extend(checks[5:])
    checks[4]()
    for check in checks[:4]:
        check()
    assert len(calls) == 1, calls
    item = ModerationItem.objects.get(object_id=petition.pk, kind=ModerationKind.FLAGS)
    assert item.system_note == f"5 signatures from one address ({IP}) within an hour."


def test_a_dismissed_alarm_is_not_raised_again_within_the_window_but_is_after_it(
    make_petition, resident, settings, django_capture_on_commit_callbacks, flags, people
):
    from participation.moderation.services import moderation_decide

    calls, _meanwhile = flags
    petition, checks = signed_burst(make_petition, resident, settings, django_capture_on_commit_callbacks)
    checks[4]()  # the fifth signature crosses the burst size
    item = ModerationItem.objects.get(object_id=petition.pk, kind=ModerationKind.FLAGS)
    moderation_decide(item=item, moderator=people.moderator, outcome="approve", now=T0 + 10 * MINUTE)
    for check in checks[5:]:  # late checks of the same crossing
        check()
    assert len(calls) == 1
    later = T0 + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        for minute in range(5):
            svc.petition_sign(petition=petition, user=resident(), ip=IP, now=later + minute * MINUTE)
    assert len(calls) == 2
    assert ModerationItem.objects.filter(object_id=petition.pk, decided_at__isnull=True).count() == 1


def test_a_second_tap_by_the_same_person_counts_once_in_the_address_burst(make_petition, resident, settings):
    """The rate limits are asked before the signature is written, so every attempt is counted
    in the address's burst count at first; an attempt that finds the person signed already
    takes its count back, and five double taps are five signatures, not ten."""
    settings.PETITION_IP_BURST = (8, 3600)
    petition = make_petition(S.COLLECTING, now=published_recently())
    now = timezone.now()  # counts of a time long past are not taken back: their slice expired
    for _person in range(5):
        person = resident()
        for _tap in range(2):
            svc.petition_sign(petition=petition, user=person, ip=IP, now=now)
    count, _flagged = svc._recent_signatures_from(petition, IP, now)
    petition.refresh_from_db()
    assert (count, petition.signature_count) == (5, 5)
