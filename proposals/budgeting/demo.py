"""Demo participatory budgeting for ``make run``: three seasons of Yangiqoʻrgʻon.

- 2025: counted and published; one winner is being built (dated updates; its initiator, Akmal,
  is a listed demo account, so the sign-off can be tried once staff report it done), one is
  done and signed off by its initiator and the Navbahor mahalla chair.
- 2026: voting now; some neighbours have voted, the demo residents have not.
- 2027: taking projects now; one is feasible, one awaits the feasibility review, one the moderator.

The seasons are data (``proposals/budgeting/demo/cycles.yaml``). Everything goes through the
real services with dates in the past, so ballots, counts and timelines are what the platform
itself would have produced. Idempotent: a second run finds the cycles and adds nothing.
"""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from participation.demo import demo_demographics, demo_user, load_demo
from participation.models import (
    ModerationItem,
    ModerationOutcome,
    StaffRoleKind,
    Territory,
    User,
    VerificationLevel,
)
from participation.moderation.services import moderation_decide
from participation.services.roles import staff_role_grant
from proposals.budgeting.models import Cycle, PBCategory, Project
from proposals.budgeting.services import projects as pb_projects
from proposals.budgeting.services.cycles import consecutive_phases, cycle_create
from proposals.budgeting.services.results import cycle_publish_results
from proposals.budgeting.services.voting import ballot_cast


def _voters(demo: dict, mahallas: dict[str, Territory]) -> dict[str, list[User]]:
    """Demo voters without passwords (no one signs in as them), verified by e-mail."""
    voters = {}
    for name, group in demo["voters"].items():
        emails = [f"saylovchi.{name.lower().replace('ʻ', '')}{n}@demo.test" for n in range(1, group["count"] + 1)]
        existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        User.objects.bulk_create(
            User(
                email=email,
                full_name=f"Saylovchi {n}",
                password=make_password(None),
                home_territory=mahallas[name],
                verification_level=VerificationLevel.EMAIL,
                **demo_demographics(n),
            )
            for n, email in enumerate(emails, start=1)
            if email not in existing
        )
        voters[name] = list(User.objects.filter(email__in=emails).order_by("email"))
    return voters


def _cycle(demo: dict, district, season: dict, start, staff=None):
    rules = demo["rules"]
    return cycle_create(
        territory=district,
        title=season["title"],
        description=season.get("description", ""),
        staff=staff,
        budget=rules["budget"],
        max_project_cost=rules["max_project_cost"],
        winner_rule=rules["winner_rule"],
        ballot_type=rules["ballot_type"],
        max_choices=rules["max_choices"],
        categories=list(PBCategory.objects.filter(is_active=True)),
        phases=consecutive_phases(start, rules["phase_days"]),
        now=start - timedelta(days=7),
    )


def _project(cycle, item: dict, mahallas: dict[str, Territory], *, moderator, responder, now) -> Project:
    """Submit ``item``; the moderator approves it and the responder finds it feasible, unless
    it ``waits_for`` one of them."""
    waits_for = item.get("waits_for")
    project = pb_projects.project_submit(
        cycle=cycle,
        author=User.objects.get(email=item["author"]),
        title=item["title"],
        description=item["description"],
        category=PBCategory.objects.get(slug=item["category"]),
        mahalla=mahallas[item["mahalla"]],
        estimated_cost=item["cost"],
        now=now,
    )
    if waits_for == "moderation":
        return project
    waiting = ModerationItem.objects.get(object_id=project.pk, content_type__model="project", decided_at__isnull=True)
    moderation_decide(
        item=waiting, moderator=moderator, outcome=ModerationOutcome.APPROVE, now=now + timedelta(hours=3)
    )
    if waits_for != "feasibility":
        pb_projects.project_record_feasibility(
            project, staff=responder, feasible=True, staff_cost=item["cost"], now=now + timedelta(days=1)
        )
    return Project.objects.get(pk=project.pk)


def _report(project: Project, updates: list[dict], *, staff: User, counted) -> None:
    for update in updates:
        pb_projects.project_report_progress(
            project,
            staff=staff,
            text=update["text"],
            status=update["status"],
            progress=update["progress"],
            now=counted + timedelta(days=update["after_days"]),
        )


@transaction.atomic
def demo_pb_seed() -> list[str]:
    demo = load_demo(__file__, "cycles.yaml")
    district = Territory.objects.get(name_uz=demo["district"])
    for name, population in demo["population"].items():
        Territory.objects.filter(kind="mahalla", name_uz=name, population__isnull=True).update(population=population)
    mahallas = {t.name_uz: t for t in Territory.objects.filter(kind="mahalla", path__startswith=district.path)}
    # Chairs are demo accounts like the others (a confirmed address, or they could not sign in).
    chairs, lines = {}, []
    for chair_data in demo["chairs"]:
        home = mahallas[chair_data["mahalla"]]
        chair, created = demo_user(chair_data["email"], chair_data["full_name"], home_territory=home)
        if created:
            staff_role_grant(user=chair, territory=home, role=StaffRoleKind.MANAGER, granted_by=None)
        chairs[home.pk] = chair
        lines.append(f"{chair.email}: {home.name_uz} mahalla chair (confirms completed budget projects)")
    lines.append("Budget: 2025 counted (implementation), 2026 voting now, 2027 taking projects now")
    if Cycle.objects.filter(territory=district, title=demo["past"]["title"]).exists():
        return lines
    moderator = User.objects.get(email=demo["moderator"])
    responder = User.objects.get(email=demo["responder"])
    manager = User.objects.get(email=demo["manager"])
    voters = _voters(demo, mahallas)
    today = timezone.now()
    staff = {"moderator": moderator, "responder": responder}
    days = demo["rules"]["phase_days"]

    # Past: submitted, voted, counted and published; two winners under way.
    season = demo["past"]
    start = today - timedelta(days=days["submission"] + days["review"] + days["voting"] + days["results"] + 60)
    past = _cycle(demo, district, season, start)
    projects = {
        item["key"]: _project(past, item, mahallas, **staff, now=start + timedelta(days=index + 1))
        for index, item in enumerate(season["projects"])
    }
    voting_start = start + timedelta(days=days["submission"] + days["review"])
    for name, group in demo["voters"].items():
        for number, voter in enumerate(voters[name]):
            keys = group["first"] if number % 3 else group["second"]
            ballot_cast(
                past,
                voter,
                {projects[key].pk: 1 for key in keys},
                now=voting_start + timedelta(days=number % 12, hours=9 + number % 9),
            )
    counted = voting_start + timedelta(days=15)
    cycle_publish_results(Cycle.objects.get(pk=past.pk), staff=manager, now=counted)
    winners = list(Project.objects.filter(cycle=past, status="selected").order_by("pk"))
    done, building = winners[0], winners[-1]
    built = season["built"]
    _report(done, built["progress"], staff=responder, counted=counted)
    chair = chairs.get(done.mahalla_id)
    if chair is not None:
        initiator, by_chair = built["initiator_sign_off"], built["chair_sign_off"]
        pb_projects.project_sign_off(
            done,
            user=done.author,
            role="initiator",
            note=initiator["note"],
            now=counted + timedelta(days=initiator["after_days"]),
        )
        pb_projects.project_sign_off(
            done, user=chair, role="chair", now=counted + timedelta(days=by_chair["after_days"])
        )
    if building.pk != done.pk:
        _report(building, season["building"]["progress"], staff=responder, counted=counted)

    # Current: voting now, opened 4 days ago; a third of the neighbours have voted.
    start = today - timedelta(days=days["submission"] + days["review"] + 4)
    current = _cycle(demo, district, demo["current"], start)
    on_ballot = [
        _project(current, item, mahallas, **staff, now=start + timedelta(days=index + 2))
        for index, item in enumerate(demo["current"]["projects"])
    ]
    for name, group in voters.items():
        for number, voter in enumerate(group[: len(group) // 3]):
            picks = [p for p in on_ballot if p.mahalla.name_uz == name][:2] + on_ballot[number % 6 : number % 6 + 1]
            ballot_cast(current, voter, {p.pk: 1 for p in picks}, now=today - timedelta(days=3, hours=number % 20))

    # Upcoming: taking projects now.
    start = today - timedelta(days=10)
    upcoming = _cycle(demo, district, demo["upcoming"], start)
    for index, item in enumerate(demo["upcoming"]["projects"]):
        _project(upcoming, item, mahallas, **staff, now=start + timedelta(days=index + 1))
    return lines
