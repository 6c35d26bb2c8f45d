"""Demo consultations for ``make run``, seeded through the services with dates in the past:
Yangiqoʻrgʻon's landscaping plan open now (the public, every verified women's action group of
the district and the district's registered NGO invited, inputs on several paragraphs), and
Zomin's park plan concluded (every disposition, a new version, the summary table).

The organisations are the organisations demo's: they are found by kind in the district (no
names shared between the two demos), so either can be seeded first. Idempotent.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from meetings.consultations.models import Consultation, Input, PhaseKind
from meetings.consultations.selectors import version_latest, version_sections
from meetings.consultations.services import consultations as services
from meetings.consultations.services import documents
from meetings.consultations.services import inputs as input_services
from participation.demo import load_demo
from participation.models import ModerationItem, ModerationOutcome, OrganisationKind, Territory, User
from participation.moderation.services import moderation_decide
from participation.organisations.models import Organisation
from participation.organisations.selectors import organisations_user_can_represent


def _paragraphs(consultation):
    return [p for s in version_sections(version_latest(consultation)) for p in s.paragraph_list]


def _publish(item: Input, moderator: User, now) -> None:
    waiting = ModerationItem.objects.get(object_id=item.pk, content_type__model="input", decided_at__isnull=True)
    moderation_decide(item=waiting, moderator=moderator, outcome=ModerationOutcome.APPROVE, now=now)


def _create(spec: dict, *, audience: str, now):
    district = Territory.objects.get(name_uz=spec["district"])
    staff = User.objects.get(email=spec["staff"])
    start = now - timedelta(days=spec["opened_days_ago"])
    created = start - timedelta(days=1)
    consultation = services.consultation_create(
        staff=staff,
        territory=district,
        title=spec["title"],
        summary=spec["summary"].strip(),
        audience=audience,
        tags=spec.get("tags", []),
        questions=spec.get("questions", []),
        open_at=start,
        now=created,
    )
    documents.version_from_text(consultation=consultation, staff=staff, text=spec["text"], now=created)
    return consultation, district, staff, start


def _give(consultation, spec, row, paragraphs, when, moderator):
    user = User.objects.get(email=row["email"])
    # A representative speaks for their group where the group is invited; otherwise for themself.
    organisation = next(
        (
            org
            for org in organisations_user_can_represent(user)
            if input_services.input_refusal(consultation, user, organisation=org, now=when) is None
        ),
        None,
    )
    item = input_services.input_give(
        consultation=consultation,
        user=user,
        text=row["text"],
        target="paragraph",
        anchor=paragraphs[row["paragraph"] - 1].anchor,
        organisation=organisation,
        now=when,
        rate_limited=False,
    )
    _publish(item, moderator, when + timedelta(minutes=5))
    return item


@transaction.atomic
def demo_consultations_seed() -> list[str]:
    demo = load_demo(__file__, "consultations.yaml")
    lines = [
        "/uz/consultations/: Yangiqoʻrgʻon's landscaping plan open now; Zomin's park plan concluded",
    ]
    now = timezone.now()
    spec = demo["open"]
    if not Consultation.objects.filter(title=spec["title"]).exists():
        consultation, district, staff, start = _create(spec, audience="both", now=now)
        services.consultation_invite(
            consultation=consultation, staff=staff, kind=OrganisationKind.WAG, territory=district, now=start
        )
        ngo = (
            Organisation.objects.filter(
                kind=OrganisationKind.NGO, status="verified", territory__path__startswith=district.path
            )
            .order_by("pk")
            .first()
        )
        if ngo is not None:
            services.consultation_invite(consultation=consultation, staff=staff, organisation=ngo, now=start)
        consultation = services.consultation_publish(
            consultation=consultation, staff=staff, now=start - timedelta(hours=12)
        )
        moderator = User.objects.get(email=spec["moderator"])
        paragraphs = _paragraphs(consultation)
        # Given in the last hours: the organisations' demo memberships start today, and only
        # an open membership lets a representative speak for the group.
        inputs = spec["inputs"]
        for number, row in enumerate(inputs):
            if User.objects.filter(email=row["email"]).exists():
                when = now - timedelta(minutes=20 * (len(inputs) - number))
                _give(consultation, spec, row, paragraphs, when, moderator)

    spec = demo["zomin"]
    if not Consultation.objects.filter(title=spec["title"]).exists():
        consultation, district, staff, start = _create(spec, audience="public", now=now)
        consultation = services.consultation_publish(
            consultation=consultation, staff=staff, now=start - timedelta(hours=12)
        )
        moderator = User.objects.get(email=spec["moderator"])
        paragraphs = _paragraphs(consultation)
        given = []
        for number, row in enumerate(spec["inputs"]):
            given.append(_give(consultation, spec, row, paragraphs, start + timedelta(days=1 + number), moderator))
        consultation.refresh_from_db()
        analysis = consultation.phases.get(kind=PhaseKind.ANALYSIS).starts_at
        new = documents.version_from_text(
            consultation=consultation,
            staff=staff,
            text=spec["new_text"],
            note="Takliflar asosida",
            now=analysis + timedelta(days=2),
        )
        numbered = {p.position: p.anchor for p in new.paragraphs.all()}
        for item, row in zip(given, spec["inputs"], strict=True):
            input_services.inputs_dispose(
                consultation=consultation,
                staff=staff,
                inputs=[item.pk],
                disposition=row["disposition"],
                reason=row.get("reason", ""),
                paragraph_anchor=numbered.get(row.get("new_paragraph"), ""),
                now=analysis + timedelta(days=3),
            )
        services.consultation_conclude(
            consultation=consultation,
            staff=staff,
            outcome_summary=spec["outcome_summary"].strip(),
            now=analysis + timedelta(days=4),
        )
    return lines
