"""Reads about assisted acts already done: the resident's "done for you" list, and for staff the acts of their
territories with the anomaly flags.

Flags point staff at a pattern worth a look (many acts in an hour by one operator, one operator
behind most of a mahalla's votes, acts outside the centre's published hours). They are computed
here from ``AssistedAct`` and the votes the features register; nothing reads them to refuse an
act, so a resident helped at an odd hour is still helped.

Every read is a fixed number of queries however many acts there are: one for the acts, one per
kind of target (at most one per feature), one for the centres, one per registered vote source.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import TruncHour
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.assisted.models import AssistedAct, AssistedActKind
from participation.assisted.registry import Target, VoteGroup, target_describer, vote_totals_sources
from participation.centres import centre_is_open, centre_model
from participation.models import StaffRoleKind
from participation.selectors import staff_role_paths, within_staff_territories

TASHKENT = ZoneInfo("Asia/Tashkent")
# Who watches assisted acts: the managers and moderators of the act's territory or above it.
WATCHING_ROLES = (StaffRoleKind.MANAGER, StaffRoleKind.MODERATOR)

MANY_ACTS_FLAG = _("%(operator)s did %(count)d assisted acts between %(start)s and %(end)s.")
MANY_BALLOTS_FLAG = _("%(operator)s helped %(count)d people vote between %(start)s and %(end)s.")
VOTE_SHARE_FLAG = _(
    "%(operator)s helped %(count)d of the %(votes)d people of %(mahalla)s who voted in %(context)s (%(share)d%%)."
)
OUTSIDE_HOURS_FLAG = _(
    "%(operator)s did %(count)d assisted acts at %(centre)s outside its published hours (first %(first)s, last %(last)s)."
)


def _when(moment: datetime) -> str:
    return timezone.localtime(moment, TASHKENT).strftime("%Y-%m-%d %H:%M")


def _person(name: str, email: str | None) -> str:
    return name or email or "—"


# --- The resident's own list ------------------------------------------------------------------


@dataclass(frozen=True)
class ResidentAct:
    act: AssistedAct
    target: Target | None  # None when the thing is gone or no feature describes it


def targets_of(acts: list[AssistedAct]) -> dict[int, Target]:
    """act id -> the public thing it was about: one query per kind of target."""
    by_type: dict[int, list[AssistedAct]] = defaultdict(list)
    for act in acts:
        by_type[act.target_type_id].append(act)
    found: dict[int, Target] = {}
    for type_id, group in by_type.items():
        content_type = ContentType.objects.get_for_id(type_id)  # cached after the first
        describe = target_describer(content_type.app_label, content_type.model)
        if describe is None:
            continue
        # Compared as text: a target's key may be a number or a UUID (a budget "who voted" row).
        described = {str(key): target for key, target in describe([act.target_id for act in group]).items()}
        for act in group:
            if str(act.target_id) in described:
                found[act.pk] = described[str(act.target_id)]
    return found


def assisted_acts_of_resident(resident) -> list[ResidentAct]:
    """What operators did for ``resident``, newest first, with the thing each act was about.

    Never how they voted: a vote's target is the "who voted" row, described as the cycle."""
    acts = list(
        AssistedAct.objects.filter(resident=resident)
        .select_related("operator", "centre")
        .order_by("-created_at", "-pk")
    )
    targets = targets_of(acts)
    return [ResidentAct(act=act, target=targets.get(act.pk)) for act in acts]


# --- Staff: the acts of their territories -------------------------------------------------------


def assisted_acts_for_staff(user) -> QuerySet:
    """Acts in the territories where ``user`` manages or moderates (or below); superusers all."""
    return within_staff_territories(
        AssistedAct.objects.select_related("resident", "operator", "centre", "territory"), user, WATCHING_ROLES
    ).order_by("-created_at", "-pk")


def assisted_acts_filtered(
    acts: QuerySet,
    *,
    operator_id: int | None = None,
    centre_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet:
    if operator_id:
        acts = acts.filter(operator_id=operator_id)
    if centre_id:
        acts = acts.filter(centre_id=centre_id)
    if since is not None:
        acts = acts.filter(created_at__gte=since)
    if until is not None:
        acts = acts.filter(created_at__lt=until)
    return acts


def assisted_reported(acts: QuerySet) -> QuerySet:
    """Acts the resident reported, most recently reported first."""
    return acts.filter(reported_at__isnull=False).order_by("-reported_at", "-pk")


def assisted_operators(user) -> list[tuple[int, str]]:
    """(id, name) of the operators who did acts in ``user``'s territories: the filter's choices."""
    rows = (
        assisted_acts_for_staff(user)
        .order_by()
        .values_list("operator_id", "operator__full_name", "operator__email")
        .distinct()
    )
    return sorted(((pk, _person(name, email)) for pk, name, email in rows), key=lambda row: (row[1], row[0]))


def assisted_centres(user) -> list[tuple[int, str]]:
    """(id, title) of the centres where acts in ``user``'s territories were done."""
    rows = (
        assisted_acts_for_staff(user)
        .filter(centre__isnull=False)
        .order_by()
        .values_list("centre_id", "centre__title")
        .distinct()
    )
    return sorted(rows, key=lambda row: (row[1], row[0]))


# --- Flags ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssistedFlag:
    kind: str  # "many_acts", "many_ballots", "vote_share" or "outside_hours"
    operator_id: int
    description: str
    count: int


def _hourly_flags(acts: QuerySet) -> list[AssistedFlag]:
    """(a) one operator, one clock hour: many acts, or many budget votes."""
    many_acts, many_ballots = settings.ASSISTED_FLAG_ACTS_PER_HOUR, settings.ASSISTED_FLAG_BALLOTS_PER_HOUR
    rows = (
        acts.order_by()
        .annotate(hour=TruncHour("created_at", tzinfo=TASHKENT))
        .values("operator_id", "operator__full_name", "operator__email", "hour")
        .annotate(acts=Count("pk"), ballots=Count("pk", filter=Q(kind=AssistedActKind.BUDGET_VOTE)))
        .filter(Q(acts__gte=many_acts) | Q(ballots__gte=many_ballots))
        .order_by("hour", "operator_id")
    )
    flags = []
    for row in rows:
        values = {
            "operator": _person(row["operator__full_name"], row["operator__email"]),
            "start": _when(row["hour"]),
            "end": _when(row["hour"] + timedelta(hours=1)),
        }
        if row["ballots"] >= many_ballots:
            flags.append(
                AssistedFlag(
                    "many_ballots",
                    row["operator_id"],
                    MANY_BALLOTS_FLAG % {**values, "count": row["ballots"]},
                    row["ballots"],
                )
            )
        if row["acts"] >= many_acts:
            flags.append(
                AssistedFlag(
                    "many_acts", row["operator_id"], MANY_ACTS_FLAG % {**values, "count": row["acts"]}, row["acts"]
                )
            )
    return flags


def _outside_hours_flags(acts: QuerySet) -> list[AssistedFlag]:
    """(c) acts at a centre when, by its published hours, it was closed (two queries)."""
    rows = list(
        acts.filter(centre__isnull=False)
        .order_by("created_at", "pk")
        .values_list("operator_id", "operator__full_name", "operator__email", "centre_id", "created_at")
    )
    if not rows:
        return []
    centres = centre_model().objects.filter(pk__in={row[3] for row in rows}).in_bulk()
    outside: dict[tuple[int, int], list] = defaultdict(list)
    names: dict[int, str] = {}
    for operator_id, name, email, centre_id, created_at in rows:
        centre = centres.get(centre_id)
        if centre is not None and centre_is_open(centre, created_at) is False:
            outside[operator_id, centre_id].append(created_at)
            names[operator_id] = _person(name, email)
    return [
        AssistedFlag(
            "outside_hours",
            operator_id,
            OUTSIDE_HOURS_FLAG
            % {
                "operator": names[operator_id],
                "count": len(times),
                "centre": centres[centre_id].title,
                "first": _when(times[0]),
                "last": _when(times[-1]),
            },
            len(times),
        )
        for (operator_id, centre_id), times in outside.items()
    ]


def _vote_share_flags(acts: QuerySet, paths: list[str] | None, since, until) -> list[AssistedFlag]:
    """(b) one operator behind most of a mahalla's votes in one vote (a budget cycle).

    The totals come from the feature (every vote of the mahalla, assisted or not); the assisted
    votes are this operator's acts of the vote's kind by residents of that mahalla while the vote
    was open. One query for the totals, one for the assisted votes of every vote at once.
    """
    share, minimum = settings.ASSISTED_FLAG_VOTE_SHARE, settings.ASSISTED_FLAG_VOTE_MIN
    flags = []
    for kind, rows in vote_totals_sources():
        groups: list[VoteGroup] = [group for group in rows(paths, since, until) if group.votes >= minimum]
        if not groups:
            continue
        whens = [
            When(
                Q(territory_id=group.mahalla_id, created_at__gte=group.starts_at, created_at__lt=group.ends_at),
                then=Value(index),
            )
            for index, group in enumerate(groups)
        ]
        counted = (
            acts.filter(kind=kind, territory_id__in={group.mahalla_id for group in groups})
            .order_by()
            .annotate(group=Case(*whens, default=Value(-1), output_field=IntegerField()))
            .exclude(group=-1)
            .values("group", "operator_id", "operator__full_name", "operator__email")
            .annotate(helped=Count("pk"))
            .filter(helped__gte=minimum)
        )
        for row in counted:
            group = groups[row["group"]]
            percent = 100 * row["helped"] // group.votes
            if percent >= share:
                flags.append(
                    AssistedFlag(
                        "vote_share",
                        row["operator_id"],
                        VOTE_SHARE_FLAG
                        % {
                            "operator": _person(row["operator__full_name"], row["operator__email"]),
                            "count": row["helped"],
                            "votes": group.votes,
                            "mahalla": group.mahalla,
                            "context": group.context,
                            "share": percent,
                        },
                        row["helped"],
                    )
                )
    return flags


def staff_paths(user, roles=WATCHING_ROLES) -> list[str] | None:
    """The territory paths ``user`` watches (None: every territory, for a superuser)."""
    if getattr(user, "is_superuser", False):
        return None
    return [path for role, path in staff_role_paths(user) if role in roles]


def assisted_flags(
    user,
    *,
    operator_id: int | None = None,
    centre_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AssistedFlag]:
    """Every flag about the acts ``user`` watches in the period, for staff to look at."""
    base = assisted_acts_for_staff(user)
    base = assisted_acts_filtered(base, operator_id=operator_id, centre_id=centre_id)
    in_period = assisted_acts_filtered(base, since=since, until=until)
    paths = staff_paths(user)
    if paths == []:
        return []
    return [
        *_hourly_flags(in_period),
        *_vote_share_flags(base, paths, since, until),
        *_outside_hours_flags(in_period),
    ]
