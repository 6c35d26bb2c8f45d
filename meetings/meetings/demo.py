"""Demo meetings for ``make run``, seeded through the services with dates around today:
Yangiqoʻrgʻon's public hearing on its open consultation (an agenda item on paragraph 3), a past
mahalla gathering in Navbahor (created, announced and held in the past, through the services
with a past ``now``), and Zomin's kengash session, cancelled with its reason.

Registration and follow-up add their parts with ``seed(meeting, *, staff, now)`` in
``demo_registrations`` (the hearing: an organisation registering three people, a full hall and a
waiting list) and ``demo_followup`` (the gathering: approved minutes, an action item done with a
photo, one overdue). Idempotent (a meeting whose title exists is left alone).
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from meetings.consultations.models import Consultation
from meetings.consultations.selectors import version_latest
from meetings.meetings import demo_followup, demo_registrations
from meetings.meetings.models import Meeting
from meetings.meetings.services.agenda import AgendaEntry, agenda_set
from meetings.meetings.services.meetings import meeting_announce, meeting_cancel, meeting_create
from participation.demo import load_demo
from participation.models import Territory, User

# The parts of the demo other rooms of the feature write, and the meeting each one fills in.
PARTS = {"hearing": demo_registrations.seed, "gathering": demo_followup.seed}


def _at(day_offset: int, hour: int, now: datetime) -> datetime:
    day = timezone.localdate(now) + timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _entries(rows, starts_at, anchors) -> list[AgendaEntry]:
    return [
        AgendaEntry(
            title=row["title"],
            presenter=row.get("presenter", ""),
            starts_at=starts_at + timedelta(minutes=row["minute"]) if "minute" in row else None,
            paragraph_anchor=anchors.get(row["paragraph"], "") if "paragraph" in row else "",
            children=_entries(row.get("children", []), starts_at, anchors),
        )
        for row in rows
    ]


def _seed_one(spec: dict, *, territory, consultation=None, now: datetime) -> tuple[Meeting, User]:
    staff = User.objects.get(email=spec["staff"])
    starts_at = _at(spec["starts_in_days"], spec["starts_at_hour"], now)
    # Created and announced a week before it starts (more than the notice the law asks), even
    # when that week is in the past.
    created = min(now, starts_at - timedelta(days=7))
    meeting = meeting_create(
        staff=staff,
        territory=territory,
        now=created,
        kind=spec["kind"],
        title=spec["title"],
        purpose=spec["purpose"].strip(),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=spec["hours"]),
        attendance_mode=spec.get("attendance_mode", "in_person"),
        address=spec["address"],
        map_url=spec.get("map_url", ""),
        online_url=spec.get("online_url", ""),
        capacity=spec.get("capacity"),
        languages=spec.get("languages", []),
        consultation=consultation,
        **dict.fromkeys(spec.get("accessibility", []), True),
    )
    anchors = {}
    if consultation is not None:
        anchors = {p.position: p.anchor for p in version_latest(consultation).paragraphs.all()}
    agenda_set(meeting=meeting, staff=staff, entries=_entries(spec["agenda"], starts_at, anchors), now=created)
    meeting = meeting_announce(meeting=meeting, staff=staff, now=created)
    return meeting, staff


def _seed_parts(meetings: dict, *, now: datetime) -> None:
    for which, seed in PARTS.items():
        if which in meetings:
            meeting, staff = meetings[which]
            seed(meeting, staff=staff, now=now)


@transaction.atomic
def demo_meetings_seed() -> list[str]:
    demo = load_demo(__file__, "meetings.yaml")
    now = timezone.now()
    made = {}
    spec = demo["hearing"]
    if not Meeting.objects.filter(title=spec["title"]).exists():
        district = Territory.objects.get(name_uz=spec["district"])
        consultation = Consultation.objects.filter(title=spec["consultation"], territory=district).first()
        made["hearing"] = _seed_one(spec, territory=district, consultation=consultation, now=now)
    spec = demo["gathering"]
    if not Meeting.objects.filter(title=spec["title"]).exists():
        mahalla = Territory.objects.get(name_uz=spec["mahalla"], kind="mahalla")
        made["gathering"] = _seed_one(spec, territory=mahalla, now=now)
    spec = demo["cancelled"]
    if not Meeting.objects.filter(title=spec["title"]).exists():
        district = Territory.objects.get(name_uz=spec["district"])
        meeting, staff = _seed_one(spec, territory=district, now=now)
        meeting_cancel(meeting=meeting, staff=staff, reason=spec["reason"], now=now - timedelta(days=1))
    _seed_parts(made, now=now)
    return [
        "/uz/meetings/: Yangiqoʻrgʻon's public hearing in 6 days on its open consultation, a past "
        "mahalla gathering in Navbahor; Zomin's kengash session cancelled",
    ]
