"""Reads for the integrity of a budget vote: anomaly flags, turnout and annulments.

Flags are computed from ``Participation`` rows (who voted, from which address and device,
when), grouped by the clock hour in the database. They point staff at a context; annulling
acts on the matching ``BallotCohort`` (see ``proposals.budgeting.models``), never on a person's
ballot, because no column links the two. Nothing here changes anything: staff decide.

Addresses and devices are shown as a short prefix of a keyed hash, so a screen, an export or
a public annulment record never shows an internet address.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractHour, TruncHour
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from participation.models import Territory, User
from proposals.budgeting.models import Ballot, BallotAnnulment, BallotCohort, Cycle, Participation, SealedBallot

TASHKENT = ZoneInfo("Asia/Tashkent")
HOUR = timedelta(hours=1)
KEY_SHOWN = 8  # characters of a keyed hash shown to staff: enough to tell two apart, no more

_SALTS = {
    BallotCohort.Kind.ADDRESS: "proposals.budgeting.tally.cohort.address",
    BallotCohort.Kind.DEVICE: "proposals.budgeting.tally.cohort.device",
}

ADDRESS_FLAG = _("%(count)d ballots from one internet address (%(key)s) between %(start)s and %(end)s.")
DEVICE_FLAG = _("%(count)d ballots from one device (%(key)s) between %(start)s and %(end)s.")
NIGHT_FLAG = _("%(count)d ballots in this cycle at night, between %(start)s and %(end)s.")
MAHALLA_FLAG = _("%(count)d residents of %(mahalla)s voted, more than its population of %(population)d.")
ADDRESS_CRITERION = _("ballots from one address (%(key)s) in the hour starting %(start)s")
DEVICE_CRITERION = _("ballots from one device (%(key)s) in the hour starting %(start)s")
NIGHT_CRITERION = _("ballots cast at night in the hour starting %(start)s")
DAY_CRITERION = _("ballots cast on %(day)s")


def cohort_key(kind: str, value: str) -> str:
    """The keyed hash that names an address or a device in a cohort (64 hex characters).

    Keyed with the site's secret, so the table of cohorts alone cannot be turned back into
    addresses by hashing every possible one. Night cohorts have no key (the cycle and the hour
    say everything).
    """
    if kind == BallotCohort.Kind.NIGHT:
        return ""
    return salted_hmac(_SALTS[kind], value, algorithm="sha256").hexdigest()


def hour_start(moment: datetime) -> datetime:
    """The start of the Tashkent clock hour containing ``moment``."""
    return timezone.localtime(moment, TASHKENT).replace(minute=0, second=0, microsecond=0)


def is_night(moment: datetime) -> bool:
    return timezone.localtime(moment, TASHKENT).hour < settings.PB_NIGHT_END_HOUR


def _when(moment: datetime) -> str:
    return timezone.localtime(moment, TASHKENT).strftime("%Y-%m-%d %H:%M")


def cohort_criterion(cohort: BallotCohort) -> str:
    """What a cohort is, in words for a public record: never the address itself."""
    template = {
        BallotCohort.Kind.ADDRESS: ADDRESS_CRITERION,
        BallotCohort.Kind.DEVICE: DEVICE_CRITERION,
        BallotCohort.Kind.NIGHT: NIGHT_CRITERION,
    }[cohort.kind]
    return template % {"key": cohort.key[:KEY_SHOWN], "start": _when(cohort.hour)}


def annulment_description(annulment: BallotAnnulment) -> str:
    """The annulment's criterion in the reader's language (``criterion`` keeps the words used
    at the time, in the language of the staff member who annulled)."""
    if annulment.cohort_id is not None:
        return cohort_criterion(annulment.cohort)
    if annulment.cast_on is not None:
        return DAY_CRITERION % {"day": annulment.cast_on.isoformat()}
    return annulment.criterion


@dataclass
class Anomaly:
    kind: str  # "address", "device", "night" or "mahalla"
    description: str
    window_start: datetime | None
    window_end: datetime | None
    count: int
    cohort: BallotCohort | None = None
    annullable_count: int = 0  # ballots of the cohort not annulled yet

    @property
    def annullable(self) -> bool:
        return self.cohort is not None and self.annullable_count > 0


def _hourly(cycle: Cycle):
    return Participation.objects.filter(cycle=cycle).annotate(hour=TruncHour("voted_hour", tzinfo=TASHKENT))


def cycle_anomalies(cycle: Cycle) -> list[Anomaly]:
    """Every flagged context of the cycle, largest first. Five queries however many rows.

    A context is flagged at the same threshold at which ``ballot_cast`` starts a cohort for it,
    so a flag and its cohort describe the same hour; the cohort holds the ballots cast once the
    threshold was reached (the ones before cannot be told apart from anyone's).
    """
    cohorts = {
        (cohort.kind, cohort.key, cohort.hour): cohort
        for cohort in BallotCohort.objects.filter(cycle=cycle).annotate(
            open_ballots=Count("ballots", filter=Q(ballots__annulment__isnull=True))
        )
    }
    anomalies: list[Anomaly] = []

    def flag(kind, template, key, start, count):
        cohort = cohorts.get((kind, key, start))
        shown = {"key": key[:KEY_SHOWN], "start": _when(start), "end": _when(start + HOUR), "count": count}
        anomalies.append(
            Anomaly(
                kind=kind,
                description=template % shown,
                window_start=start,
                window_end=start + HOUR,
                count=count,
                cohort=cohort,
                annullable_count=cohort.open_ballots if cohort is not None else 0,
            )
        )

    by_address = (
        _hourly(cycle)
        .filter(ip__isnull=False)
        .values("ip", "hour")
        .annotate(count=Count("id"))
        .filter(count__gte=settings.PB_FLAG_ADDRESS_PER_HOUR)
        .order_by()
    )
    for row in by_address:
        kind = BallotCohort.Kind.ADDRESS
        flag(kind, ADDRESS_FLAG, cohort_key(kind, row["ip"]), row["hour"], row["count"])

    by_device = (
        _hourly(cycle)
        .exclude(device="")
        .values("device", "hour")
        .annotate(count=Count("id"))
        .filter(count__gte=settings.PB_FLAG_DEVICE_PER_HOUR)
        .order_by()
    )
    for row in by_device:
        kind = BallotCohort.Kind.DEVICE
        flag(kind, DEVICE_FLAG, cohort_key(kind, row["device"]), row["hour"], row["count"])

    at_night = (
        _hourly(cycle)
        .annotate(clock=ExtractHour("voted_hour", tzinfo=TASHKENT))
        .filter(clock__lt=settings.PB_NIGHT_END_HOUR)
        .values("hour")
        .annotate(count=Count("id"))
        .filter(count__gte=settings.PB_FLAG_NIGHT_PER_HOUR)
        .order_by()
    )
    for row in at_night:
        flag(BallotCohort.Kind.NIGHT, NIGHT_FLAG, "", row["hour"], row["count"])

    anomalies.extend(_mahalla_anomalies(cycle))
    anomalies.sort(key=lambda anomaly: (-anomaly.count, anomaly.kind, anomaly.window_start or timezone.now()))
    return anomalies


def _mahalla_anomalies(cycle: Cycle) -> list[Anomaly]:
    """Mahallas from which more people voted than live there (population unknown: no flag)."""
    rows = list(
        Participation.objects.filter(cycle=cycle, mahalla__population__isnull=False)
        .values("mahalla", "mahalla__population")
        .annotate(count=Count("id"))
        .filter(count__gt=F("mahalla__population"))
        .order_by()
    )
    if not rows:
        return []
    mahallas = Territory.objects.in_bulk([row["mahalla"] for row in rows])
    return [
        Anomaly(
            kind="mahalla",
            description=MAHALLA_FLAG
            % {
                "count": row["count"],
                "mahalla": mahallas[row["mahalla"]].name,
                "population": row["mahalla__population"],
            },
            window_start=None,
            window_end=None,
            count=row["count"],
        )
        for row in rows
    ]


def cycle_turnout(cycle: Cycle, now: datetime | None = None) -> dict:
    """Who took part and how many ballots count (``sealed``: not yet opened). At most five queries.

    ``eligible`` counts active accounts living in the cycle's territory at the cycle's
    verification level (and old enough, when the cycle sets an age); None for a cycle
    imported from a file, whose ballots belong to no account here.
    """
    ballots = Ballot.objects.filter(cycle=cycle).aggregate(
        counted=Count("id", filter=Q(annulment__isnull=True)),
        annulled=Count("id", filter=Q(annulment__isnull=False)),
    )
    eligible = None
    territory = getattr(cycle, "territory", None)
    if territory is not None and not cycle.imported_from:
        residents = User.objects.filter(
            is_active=True,
            home_territory__path__startswith=territory.path,
            verification_level__gte=cycle.verification_level,
        )
        if cycle.minimum_age:
            year = timezone.localtime(now or timezone.now(), TASHKENT).year
            residents = residents.filter(birth_year__lte=year - cycle.minimum_age)
        eligible = residents.count()
    sealed = SealedBallot.objects.filter(cycle=cycle).count()
    return {
        "participants": Participation.objects.filter(cycle=cycle).count(),
        # Sealed ballots count: none can be annulled before the box is opened.
        "ballots": (ballots["counted"] or 0) + sealed,
        "sealed": sealed,
        "annulled": ballots["annulled"] or 0,
        "eligible": eligible,
    }


def annulments_of(cycle: Cycle) -> list[BallotAnnulment]:
    """The cycle's annulments, oldest first, each with ``description`` in the reader's
    language. One query. The count of each is public; who annulled is on the row for staff."""
    annulments = list(BallotAnnulment.objects.filter(cycle=cycle).select_related("cohort").order_by("created_at", "pk"))
    for annulment in annulments:
        annulment.description = annulment_description(annulment)
    return annulments
