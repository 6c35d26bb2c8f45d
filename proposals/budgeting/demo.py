"""Demo participatory budgeting for ``make run``: three seasons of Yangiqoʻrgʻon.

- 2025: counted and published; one winner is being built (dated updates), one is done and
  signed off by its initiator and the Navbahor mahalla chair.
- 2026: voting now; some neighbours have voted, the demo residents have not.
- 2027: taking projects now; one is feasible, one awaits the feasibility review, one the moderator.

Everything goes through the real services with dates in the past, so ballots, counts and
timelines are what the platform itself would have produced. Idempotent: a second run finds the
cycles and adds nothing.
"""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from participation.models import (
    ModerationItem,
    ModerationOutcome,
    StaffRoleKind,
    Territory,
    User,
    VerificationLevel,
)
from participation.services.moderation import moderation_decide
from participation.services.roles import staff_role_grant
from proposals.budgeting.models import Cycle, PBCategory, Project
from proposals.budgeting.services import projects as pb_projects
from proposals.budgeting.services.cycles import consecutive_phases, cycle_create
from proposals.budgeting.services.results import cycle_publish_results
from proposals.budgeting.services.voting import ballot_cast

DISTRICT = "Yangiqoʻrgʻon tumani"
POPULATION = {"Navbahor": 3200, "Istiqlol": 2800, "Bogʻbon": 4100, "Duoba": 2600, "Oʻrikli": 1900, "Qoʻrgʻoncha": 2300}
CHAIR_EMAIL = "rais.navbahor@demo.test"

# key, title, description, category, mahalla, cost (soum)
PROJECTS_2025 = [
    ("road", "Navbahor: Mustaqillik koʻchasini asfaltlash", "1,2 km ichki yoʻlni asfaltlash va ariqlarni tozalash.",
     "roads", "Navbahor", 800_000_000),
    ("water", "Istiqlol: ichimlik suvi tarmogʻi", "140 xonadonga 800 m suv quvuri tortish.",
     "drinking-water", "Istiqlol", 700_000_000),
    ("gym", "Navbahor: 12-maktab sport zalini taʼmirlash", "Tom, pol va isitish tizimini yangilash.",
     "schools", "Navbahor", 600_000_000),
    ("playground", "Bogʻbon: bolalar maydonchasi", "Xavfsiz qoplamali maydoncha, soyabon va oʻrindiqlar.",
     "playgrounds", "Bogʻbon", 250_000_000),
    ("lights", "Bogʻbon: koʻchalarni yoritish", "40 ta LED chiroq va quyosh panelli yoritgichlar.",
     "electricity", "Bogʻbon", 300_000_000),
    ("kindergarten", "Istiqlol: 7-bogʻcha tomini taʼmirlash", "Oqayotgan tomni va deraza romlarini almashtirish.",
     "kindergartens", "Istiqlol", 400_000_000),
]
# Which projects each mahalla's voters approve (at most 3): Navbahor is the largest group.
PREFERENCES = {
    "Navbahor": (30, ["road", "gym", "water"], ["road", "gym"]),
    "Istiqlol": (18, ["water", "kindergarten"], ["water", "kindergarten", "road"]),
    "Bogʻbon": (12, ["playground", "lights"], ["playground", "lights", "kindergarten"]),
}
PROJECTS_2026 = [
    ("Navbahor: qishloq vrachlik punktiga qoʻshimcha xona", "clinics", "Navbahor", 350_000_000),
    ("Istiqlol: kanalizatsiya kollektori", "sewerage", "Istiqlol", 600_000_000),
    ("Bogʻbon: transformator almashtirish", "electricity", "Bogʻbon", 450_000_000),
    ("Navbahor: bogʻcha hovlisini obodonlashtirish", "landscaping", "Navbahor", 150_000_000),
    ("Istiqlol: koʻprik va yoʻl taʼmiri", "roads", "Istiqlol", 500_000_000),
    ("Bogʻbon: maktab oshxonasini jihozlash", "schools", "Bogʻbon", 200_000_000),
]


def _voters(mahallas: dict[str, Territory]) -> dict[str, list[User]]:
    """Demo voters without passwords (no one signs in as them), verified by e-mail."""
    voters = {}
    for name, (count, _first, _second) in PREFERENCES.items():
        emails = [f"saylovchi.{name.lower().replace('ʻ', '')}{n}@demo.test" for n in range(1, count + 1)]
        existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        User.objects.bulk_create(
            User(email=email, full_name=f"Saylovchi {n}", password=make_password(None),
                 home_territory=mahallas[name], verification_level=VerificationLevel.EMAIL)
            for n, email in enumerate(emails, start=1) if email not in existing
        )
        voters[name] = list(User.objects.filter(email__in=emails).order_by("email"))
    return voters


def _cycle(district, title, start, staff=None, **options):
    days = {"submission": 30, "review": 20, "voting": 14, "results": 7, "implementation": 365}
    return cycle_create(
        territory=district, title=title, budget=2_000_000_000, max_project_cost=800_000_000,
        categories=list(PBCategory.objects.filter(is_active=True)), phases=consecutive_phases(start, days),
        staff=staff, ballot_type="approval", max_choices=3, now=start - timedelta(days=7),
        description=options.pop("description", ""), **options,
    )


def _project(cycle, author, title, description, category, mahalla, cost, *, moderator, responder, now,
             feasible=True, approve=True):
    project = pb_projects.project_submit(
        cycle=cycle, author=author, title=title, description=description,
        category=PBCategory.objects.get(slug=category), mahalla=mahalla, estimated_cost=cost, now=now,
    )
    if not approve:
        return project
    item = ModerationItem.objects.get(object_id=project.pk, content_type__model="project", decided_at__isnull=True)
    moderation_decide(item=item, moderator=moderator, outcome=ModerationOutcome.APPROVE, now=now + timedelta(hours=3))
    if feasible:
        pb_projects.project_record_feasibility(project, staff=responder, feasible=True, staff_cost=cost,
                                               now=now + timedelta(days=1))
    return Project.objects.get(pk=project.pk)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", RATE_LIMITS={})
@transaction.atomic
def demo_pb_seed() -> list[str]:
    district = Territory.objects.get(name_uz=DISTRICT)
    for name, population in POPULATION.items():
        Territory.objects.filter(kind="mahalla", name_uz=name, population__isnull=True).update(population=population)
    mahallas = {t.name_uz: t for t in Territory.objects.filter(kind="mahalla", path__startswith=district.path)}
    chair = User.objects.filter(email=CHAIR_EMAIL).first()
    if chair is None:
        from participation.services.demo import DEMO_PASSWORD

        chair = User.objects.create_user(email=CHAIR_EMAIL, password=DEMO_PASSWORD, full_name="Navbahor mahalla raisi",
                                         home_territory=mahallas["Navbahor"], verification_level=VerificationLevel.EMAIL)
        staff_role_grant(user=chair, territory=mahallas["Navbahor"], role=StaffRoleKind.MANAGER, granted_by=None)
    lines = [
        f"{CHAIR_EMAIL}: Navbahor mahalla chair (confirms completed budget projects)",
        "Budget: 2025 counted (implementation), 2026 voting now, 2027 taking projects now",
    ]
    if Cycle.objects.filter(territory=district, title__startswith="Ochiq budjet 2025").exists():
        return lines
    moderator = User.objects.get(email="moderator.yangiqorgon@demo.test")
    responder = User.objects.get(email="responder.yangiqorgon@demo.test")
    manager = User.objects.get(email="manager.yangiqorgon@demo.test")
    dilnoza = User.objects.get(email="dilnoza@demo.test")
    akmal = User.objects.get(email="akmal@demo.test")
    voters = _voters(mahallas)
    today = timezone.now()

    # 2025: submitted, voted, counted and published; two winners under way.
    start = today - timedelta(days=30 + 20 + 14 + 7 + 60)
    past = _cycle(district, "Ochiq budjet 2025: Yangiqoʻrgʻon tumani", start, winner_rule="mes-add1",
                  description="Tuman byudjetining 2 mlrd soʻmi aholi tanlagan loyihalarga.")
    projects = {}
    for index, (key, title, description, category, mahalla, cost) in enumerate(PROJECTS_2025):
        author = dilnoza if mahallas[mahalla] == dilnoza.home_territory else voters[mahalla][0]
        projects[key] = _project(past, author, title, description, category, mahallas[mahalla], cost,
                                 moderator=moderator, responder=responder, now=start + timedelta(days=index + 1))
    voting_start = start + timedelta(days=50)
    for name, (count, first, second) in PREFERENCES.items():
        for number, voter in enumerate(voters[name]):
            keys = first if number % 3 else second
            ballot_cast(past, voter, {projects[key].pk: 1 for key in keys},
                        now=voting_start + timedelta(days=number % 12, hours=9 + number % 9))
    cycle_publish_results(Cycle.objects.get(pk=past.pk), staff=manager, now=voting_start + timedelta(days=15))
    winners = list(Project.objects.filter(cycle=past, status="selected").order_by("pk"))
    done, building = winners[0], winners[-1]
    for days, status, progress, text in (
        (10, "procurement", 5, "Tender eʼlon qilindi, 3 ta taklif tushdi."),
        (30, "in_progress", 40, "Pudratchi tanlandi, ishlar boshlandi."),
        (50, "done", 100, "Ishlar yakunlandi, obyekt foydalanishga topshirildi."),
    ):
        pb_projects.project_report_progress(done, staff=responder, text=text, status=status, progress=progress,
                                            now=voting_start + timedelta(days=15 + days))
    if done.mahalla_id == mahallas["Navbahor"].pk:
        pb_projects.project_sign_off(done, user=done.author, role="initiator", now=voting_start + timedelta(days=70),
                                     note="Ish sifatli bajarildi.")
        pb_projects.project_sign_off(done, user=chair, role="chair", now=voting_start + timedelta(days=71))
    if building.pk != done.pk:
        pb_projects.project_report_progress(building, staff=responder, text="Loyiha-smeta hujjatlari tayyorlandi.",
                                            status="procurement", progress=15, now=voting_start + timedelta(days=40))

    # 2026: voting now, opened 4 days ago; a third of the neighbours have voted.
    start = today - timedelta(days=30 + 20 + 4)
    current = _cycle(district, "Ochiq budjet 2026: Yangiqoʻrgʻon tumani", start, winner_rule="mes-add1")
    on_ballot = []
    for index, (title, category, mahalla, cost) in enumerate(PROJECTS_2026):
        author = akmal if mahalla == "Bogʻbon" and index == 2 else voters[mahalla][1]
        on_ballot.append(_project(current, author, title, "Mahalla yigʻinida kelishilgan taklif.", category,
                                  mahallas[mahalla], cost, moderator=moderator, responder=responder,
                                  now=start + timedelta(days=index + 2)))
    for name, group in voters.items():
        for number, voter in enumerate(group[: len(group) // 3]):
            picks = [p for p in on_ballot if p.mahalla.name_uz == name][:2] + on_ballot[number % 6: number % 6 + 1]
            ballot_cast(current, voter, {p.pk: 1 for p in picks}, now=today - timedelta(days=3, hours=number % 20))

    # 2027: taking projects now.
    start = today - timedelta(days=10)
    upcoming = _cycle(district, "Ochiq budjet 2027: Yangiqoʻrgʻon tumani", start, winner_rule="mes-add1")
    _project(upcoming, akmal, "Bogʻbon: markaziy koʻchaga trotuar", "Maktabgacha 600 m piyodalar yoʻlagi.", "roads",
             mahallas["Bogʻbon"], 280_000_000, moderator=moderator, responder=responder, now=start + timedelta(days=1))
    _project(upcoming, voters["Istiqlol"][2], "Istiqlol: sport maydonchasi", "Mini-futbol va voleybol maydoni.",
             "playgrounds", mahallas["Istiqlol"], 320_000_000, moderator=moderator, responder=responder,
             now=start + timedelta(days=2), feasible=False)
    _project(upcoming, voters["Navbahor"][3], "Navbahor: bogʻcha uchun suv isitgich", "Qishda issiq suv yoʻq.",
             "kindergartens", mahallas["Navbahor"], 90_000_000, moderator=moderator, responder=responder,
             now=start + timedelta(days=3), approve=False)
    return lines
