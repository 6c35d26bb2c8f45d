"""Demo follow-up of a past meeting (the lead wires it into the meetings demo): minutes written
after the meeting, circulated to the attendees, commented on, changed and approved after the
comment period; a decision; an action item done with a photo as evidence, and one overdue.
Everything goes through the services with dates between the meeting and the day the demo is
seeded (``_moments``), so nothing is dated in the future whenever it is seeded. Idempotent: a meeting that
already has minutes is left as it is."""

import io
from datetime import datetime, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from meetings.meetings.models import ActionKind, ActionStatus, Minutes, Registration
from meetings.meetings.selectors.minutes import ATTENDEE_STATUSES
from meetings.meetings.services import actions, minutes
from participation.answers.deadline import due_date
from participation.models import User
from participation.organisations.selectors import active_organisations

DRAFT = """Mahalla yigʻini {date} kuni boʻlib oʻtdi; {count} kishi qatnashdi.

1. Koʻcha chiroqlari: Navbahor koʻchasidagi 12 ta chiroq ishlamaydi. Obodonlashtirish boʻlimi tiklaydi.
2. Ariqlar: bahorgi suv oldidan ariqlarni tozalash kerak. Ayollar faollari guruhi hashar tashkil qiladi.
3. Bolalar maydonchasi: joy tanlash keyingi yigʻinda muhokama qilinadi."""
COMMENT = "2-bandda hashar sanasi ham yozilsin: 20-mart."
CHANGE = "\n\nHashar sanasi: 20-mart (qatnashchi izohiga koʻra)."
# Shorter than the default, so a gathering held nine days ago has its minutes approved after it.
COMMENT_DAYS = 3


def _photo(staff):
    """A small picture of the street lights, in a collection the staff member may choose from
    (their khokimiyat's), so the service accepts it as evidence."""
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    image_model = get_image_model()
    collection = (
        policy_registry.get_by_type(image_model)
        .collections_user_has_permission_for(staff, "add")
        .order_by("path")
        .first()
    )
    if collection is None:
        raise ImproperlyConfigured(
            "The meeting's staff member has no image collection (seed the khokimiyat pages first)."
        )
    picture = PILImage.new("RGB", (320, 200), (24, 40, 72))
    draw = ImageDraw.Draw(picture)
    for x in range(30, 320, 60):
        draw.rectangle((x, 60, x + 4, 200), fill=(150, 150, 150))
        draw.ellipse((x - 10, 40, x + 14, 64), fill=(255, 220, 90))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return image_model.objects.create(
        title="Navbahor koʻchasidagi yangi chiroqlar",
        file=ContentFile(buffer.getvalue(), name="navbahor-chiroqlar.png"),
        collection=collection,
    )


def _attendees(meeting, staff) -> list[User]:
    """The confirmed registrants; a past meeting seeded without any gets two residents of its
    territory, registered two days before it and checked in at its start, through the services
    with those past moments (so the seat count and attendance figures agree with the rows)."""
    from meetings.meetings.services.attendance import check_in
    from meetings.meetings.services.registrations import registration_create

    people = [r.user for r in Registration.objects.filter(meeting=meeting, status__in=ATTENDEE_STATUSES)]
    if people:
        return people
    residents = User.objects.filter(
        home_territory__path__startswith=meeting.territory.path, staff_roles__isnull=True, is_active=True
    ).order_by("pk")[:2]
    for person in residents:
        registration = registration_create(
            meeting=meeting,
            user=person,
            language=person.preferred_language,
            now=meeting.starts_at - timedelta(days=2),
            rate_limited=False,
        )
        check_in(meeting=meeting, staff=staff, code=registration.code, now=meeting.starts_at)
    return list(residents)


def _moments(held: datetime, now: datetime) -> dict[str, datetime]:
    """When each step of the follow-up happened, between the meeting and ``now``, whenever the
    demo is seeded: nothing is dated in the future and the overdue item's date has passed.
    The steps take the time the law and the settings ask (the comment period below), and the
    rest is spread over what is left."""
    written = held + timedelta(days=1)
    changed = written + timedelta(hours=20)
    comments_until = due_date(changed, COMMENT_DAYS)
    approved = comments_until + timedelta(hours=10)
    if approved > now:
        raise ImproperlyConfigured(
            f"The demo gathering must be held at least {COMMENT_DAYS + 3} days before today for its "
            "minutes to be approved after the comment period."
        )
    span = now - held
    return {
        "written": written,
        "commented": written + timedelta(hours=6),
        "changed": changed,
        "approved": approved,
        "items_added": held + timedelta(hours=2),
        "lights_started": held + span * 0.3,
        "lights_done": held + span * 0.6,
        # Past, so the hourly task marks it overdue at once; after the meeting, as the service asks.
        "ditches_due": held + span * 0.5,
    }


@transaction.atomic
def seed(meeting, *, staff, now):
    """The follow-up of ``meeting`` (past, announced) as of ``now``; returns its minutes."""
    if Minutes.objects.filter(meeting=meeting).exists():
        return meeting.minutes
    held = meeting.starts_at
    at = _moments(held, now)
    people = _attendees(meeting, staff)
    draft = minutes.minutes_write(
        meeting=meeting,
        staff=staff,
        text=DRAFT.format(date=timezone.localtime(held).strftime("%d.%m.%Y"), count=len(people) + 23),
        comment_days=COMMENT_DAYS,
        now=at["written"],
    )
    minutes.minutes_circulate(minutes=draft, staff=staff, now=at["written"])
    if people:
        minutes.minutes_comment(minutes=draft, user=people[0], text=COMMENT, now=at["commented"])
    draft.refresh_from_db()
    minutes.minutes_write(meeting=meeting, staff=staff, text=draft.text + CHANGE, now=at["changed"])
    draft.refresh_from_db()
    minutes.minutes_approve(minutes=draft, staff=staff, now=at["approved"])

    actions.action_add(
        meeting=meeting,
        staff=staff,
        kind=ActionKind.DECISION,
        text="Bolalar maydonchasi uchun joy keyingi yigʻinda tanlanadi.",
        owner_department="Mahalla fuqarolar yigʻini",
        due_at=now + timedelta(days=20),
        now=at["items_added"],
    )
    lights = actions.action_add(
        meeting=meeting,
        staff=staff,
        text="Navbahor koʻchasidagi 12 ta chiroqni tiklash.",
        owner_department="Obodonlashtirish boʻlimi",
        due_at=now + timedelta(days=14),
        now=at["items_added"],
    )
    actions.action_progress_add(
        item=lights,
        user=staff,
        note="Pudratchi tanlandi, chiroqlar buyurtma qilindi.",
        target=ActionStatus.IN_PROGRESS,
        now=at["lights_started"],
    )
    actions.action_progress_add(
        item=lights,
        user=staff,
        note="12 ta chiroq oʻrnatildi va yondi.",
        target=ActionStatus.DONE,
        evidence_photo=_photo(staff),
        now=at["lights_done"],
    )
    group = active_organisations().filter(territory__path__startswith=meeting.territory.path).order_by("pk").first()
    owner = {"owner_organisation": group} if group else {"owner_department": "Obodonlashtirish boʻlimi"}
    actions.action_add(
        meeting=meeting,
        staff=staff,
        text="Bahorgi suv oldidan ariqlarni tozalash uchun hashar tashkil qilish.",
        due_at=at["ditches_due"],
        now=at["items_added"],
        **owner,
    )
    actions.actions_mark_overdue(now=now)
    return draft
