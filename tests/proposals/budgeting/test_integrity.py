"""Integrity of a budget vote: the anomaly flags staff see, turnout, and annulment by a
recorded criterion (previewed, audited, counted in public, never automatic)."""

from datetime import timedelta

import pytest
from django.test import override_settings
from wagtail.models import ModelLogEntry

from participation.exceptions import ServiceError
from participation.models import StaffRoleKind, VerificationLevel
from proposals.budgeting.models import Ballot, BallotAnnulment, BallotCohort, Participation
from proposals.budgeting.selectors.integrity import annulments_of, cohort_key, cycle_anomalies, cycle_turnout
from proposals.budgeting.services import voting as svc
from tests.factories import UserFactory
from tests.fixtures.budgeting import open_box
from tests.fixtures.clock import T0

pytestmark = pytest.mark.django_db

# k = 1: these tests are about flags and annulment; the classes of at least k are test_secrecy's.
FLAGS = {"PB_FLAG_ADDRESS_PER_HOUR": 3, "PB_FLAG_DEVICE_PER_HOUR": 2, "PB_FLAG_NIGHT_PER_HOUR": 3, "PB_SECRECY_K": 1}
IP = "203.0.113.77"
NIGHT = T0.replace(hour=2) + timedelta(days=1)  # 2026-11-03 02:00 Tashkent


@pytest.fixture
def flags():
    with override_settings(**FLAGS):
        yield


@pytest.fixture
def voting(make_cycle, make_project):
    cycle = make_cycle("voting")
    return cycle, make_project(cycle)


@pytest.fixture
def moderator(tree, make_staff):
    return make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon)


def vote(cycle, project, voter, at, *, ip="", device=""):
    return svc.ballot_cast(cycle, voter, {project.pk: 1}, ip=ip, device=device, now=at)


def burst(cycle, project, resident, *, count, at, ip=IP, device="", step=timedelta(minutes=2), **who):
    for index in range(count):
        vote(cycle, project, resident(**who), at + step * index, ip=ip, device=device)


# --- anomaly flags ---------------------------------------------------------------------------


def test_no_flags_for_an_ordinary_vote(flags, voting, resident):
    cycle, project = voting
    for index in range(5):
        vote(cycle, project, resident(), T0 + timedelta(minutes=index), ip=f"198.51.100.{index}", device=f"d{index}")
    assert cycle_anomalies(cycle) == []


def test_the_flags_staff_see(flags, tree, voting, resident):
    cycle, project = voting
    burst(cycle, project, resident, count=4, at=NIGHT)  # one address at 02:00: address + night
    burst(cycle, project, resident, count=2, at=T0, ip="", device="phone-1")  # one device at 10:00
    tree.istiqlol.population = 1
    tree.istiqlol.save()
    burst(cycle, project, resident, count=2, at=T0 + timedelta(days=2), ip="", mahalla=tree.istiqlol)
    assert [a.cohort for a in cycle_anomalies(cycle)] == [None] * 4  # flagged at once; ballots sealed
    open_box(cycle)

    anomalies = cycle_anomalies(cycle)

    assert [(a.kind, a.count) for a in anomalies] == [("address", 4), ("night", 4), ("device", 2), ("mahalla", 2)]
    address, night, device, mahalla = anomalies
    prefix = cohort_key("address", IP)[:8]
    assert str(address.description) == (
        f"4 ballots from one internet address ({prefix}) between 2026-11-03 02:00 and 2026-11-03 03:00."
    )
    assert (address.window_start, address.window_end) == (NIGHT, NIGHT + timedelta(hours=1))
    # Every ballot of the address and hour, not only those past the threshold: the cohort
    # stands for all the people of that context.
    assert address.cohort.kind == "address" and address.annullable_count == 4
    # The same ballots already joined the address cohort; a ballot joins one cohort only, so
    # the night flag has nothing of its own to annul.
    assert (night.cohort, night.annullable_count) == (None, 0)
    assert str(night.description) == "4 ballots in this cycle at night, between 2026-11-03 02:00 and 2026-11-03 03:00."
    assert device.cohort.kind == "device" and device.annullable_count == 2
    assert str(mahalla.description) == "2 residents of Istiqlol voted, more than its population of 1."
    assert (mahalla.cohort, mahalla.window_start, mahalla.annullable_count) == (None, None, 0)
    assert not any(IP in str(a.description) for a in anomalies)


def test_a_mahalla_of_unknown_population_is_never_flagged(flags, tree, voting, resident):
    cycle, project = voting
    assert tree.navbahor.population is None
    burst(cycle, project, resident, count=3, at=T0, ip="", step=timedelta(hours=2))
    tree.istiqlol.population = 3
    tree.istiqlol.save()
    burst(cycle, project, resident, count=3, at=T0, ip="", step=timedelta(hours=2), mahalla=tree.istiqlol)
    assert cycle_anomalies(cycle) == []  # Navbahor: unknown; Istiqlol: 3 of 3 is not more


def test_flags_cost_the_same_queries_however_many_ballots(flags, tree, voting, resident, django_assert_max_num_queries):
    cycle, project = voting
    tree.navbahor.population = 1
    tree.navbahor.save()
    burst(cycle, project, resident, count=3, at=NIGHT, device="tablet")
    with django_assert_max_num_queries(6):
        few = cycle_anomalies(cycle)
    with django_assert_max_num_queries(5):
        cycle_turnout(cycle)

    for hour in range(9):
        burst(
            cycle,
            project,
            resident,
            count=3,
            at=T0 + timedelta(hours=hour),
            ip=f"198.51.100.{hour}",
            device=f"tablet-{hour}",
        )
    with django_assert_max_num_queries(6):
        many = cycle_anomalies(cycle)
    with django_assert_max_num_queries(5):
        turnout = cycle_turnout(cycle)
    assert len(many) > len(few) and turnout["participants"] == 30


# --- turnout ---------------------------------------------------------------------------------


def test_turnout(flags, tree, voting, resident, moderator):
    cycle, project = voting
    burst(cycle, project, resident, count=4, at=NIGHT)
    vote(cycle, project, resident(mahalla=tree.istiqlol), T0)
    UserFactory(home_territory=tree.navbahor, verification_level=VerificationLevel.NONE)  # not verified
    UserFactory(home_territory=tree.duoba, verification_level=VerificationLevel.EMAIL)  # Zomin
    resident()  # eligible, did not vote (nor did the project's author, a resident too)

    assert cycle_turnout(cycle) == {"participants": 5, "ballots": 5, "sealed": 5, "annulled": 0, "eligible": 7}

    open_box(cycle)
    assert cycle_turnout(cycle) == {"participants": 5, "ballots": 5, "sealed": 0, "annulled": 0, "eligible": 7}
    cohort = BallotCohort.objects.get(kind="address")
    svc.ballots_annul(
        cycle, staff=moderator, reason="Bir manzildan koʻp ovoz.", cohort=cohort, now=NIGHT + timedelta(days=1)
    )
    assert cycle_turnout(cycle) == {"participants": 5, "ballots": 1, "sealed": 0, "annulled": 4, "eligible": 7}


def test_eligible_counts_the_age_rule(tree, make_cycle, resident):
    cycle = make_cycle("voting", minimum_age=18)
    consent = {"demographics_consent_at": T0}
    resident(birth_year=1990, **consent)
    resident(birth_year=2015, **consent)
    resident()  # no year of birth: cannot vote where an age is set
    assert cycle_turnout(cycle, now=T0)["eligible"] == 1


def test_an_imported_cycle_has_no_eligible_count(make_cycle):
    cycle = make_cycle("voting", imported_from="Poland_Warszawa_2021_Mokotow.pb")
    assert cycle_turnout(cycle)["eligible"] is None


# --- annulment -------------------------------------------------------------------------------


@pytest.fixture
def flagged(flags, voting, resident):
    """Five ballots from one address in the night hour, and at the count a cohort of all five."""
    cycle, project = voting
    burst(cycle, project, resident, count=5, at=NIGHT)
    open_box(cycle)
    return cycle, BallotCohort.objects.get(kind="address")


def test_annulling_a_cohort(flagged, moderator):
    cycle, cohort = flagged
    preview = svc.annulment_preview(cycle, cohort=cohort)
    assert preview == 5
    assert Ballot.objects.filter(annulment__isnull=False).count() == 0  # a preview changes nothing

    annulment = svc.ballots_annul(
        cycle,
        staff=moderator,
        reason="  Bitta manzildan tunda 5 ta ovoz.  ",
        cohort=cohort,
        now=NIGHT + timedelta(days=1),
    )

    assert annulment.count == preview == Ballot.objects.filter(annulment=annulment).count()
    assert annulment.reason == "Bitta manzildan tunda 5 ta ovoz."
    assert annulment.cohort == cohort and annulment.staff == moderator
    prefix = cohort.key[:8]
    assert annulment.criterion == f"ballots from one address ({prefix}) in the hour starting 2026-11-03 02:00"
    assert IP not in annulment.criterion

    entry = ModelLogEntry.objects.get(action="proposals.ballots_annulled")
    assert entry.object_id == str(cycle.pk) and entry.user_id == moderator.pk
    assert entry.data["count"] == 5 and IP not in str(entry.data)

    assert svc.annulment_preview(cycle, cohort=cohort) == 0
    assert next(a for a in cycle_anomalies(cycle) if a.kind == "address").annullable_count == 0
    with pytest.raises(ServiceError) as refused:
        svc.ballots_annul(cycle, staff=moderator, reason="Yana bir bor.", cohort=cohort)
    assert refused.value.message == svc.ANNUL_NOTHING
    assert BallotAnnulment.objects.count() == 1


def test_annulling_a_day(flags, voting, resident, moderator):
    cycle, project = voting
    for hours in (0, 5, 9):
        vote(cycle, project, resident(), T0 + timedelta(hours=hours))  # 10:00, 15:00, 19:00: one day
    vote(cycle, project, resident(), T0 + timedelta(days=1))
    day = T0.date()
    open_box(cycle)

    assert svc.annulment_preview(cycle, cast_on=day) == 3
    annulment = svc.ballots_annul(
        cycle, staff=moderator, reason="Server xatosi bilan qabul qilingan.", cast_on=day, now=T0 + timedelta(days=2)
    )
    assert annulment.count == 3 and annulment.cast_on == day
    assert annulment.criterion == "ballots cast on 2026-11-02"
    assert Ballot.objects.filter(annulment__isnull=True).get().cast_on == day + timedelta(days=1)


def test_annulments_are_listed_with_their_counts(flags, voting, moderator, resident):
    cycle, project = voting
    burst(cycle, project, resident, count=5, at=NIGHT)
    vote(cycle, project, resident(), NIGHT + timedelta(hours=3), ip="198.51.100.1")  # the same day, by day
    vote(cycle, project, resident(), NIGHT + timedelta(hours=4), ip="198.51.100.2")
    open_box(cycle)
    cohort = BallotCohort.objects.get(kind="address")
    first = svc.ballots_annul(
        cycle, staff=moderator, reason="Tungi portlash.", cohort=cohort, now=NIGHT + timedelta(hours=5)
    )
    second = svc.ballots_annul(
        cycle, staff=moderator, reason="Qolgan tungi ovozlar.", cast_on=NIGHT.date(), now=NIGHT + timedelta(hours=6)
    )
    listed = annulments_of(cycle)
    assert listed == [first, second]
    assert [a.count for a in listed] == [5, 2]  # the day's other two; the cohort's were already annulled
    assert listed[1].description == "ballots cast on 2026-11-03"


def test_annulment_refusals_change_nothing(tree, flagged, moderator, make_staff, make_cycle, resident):
    cycle, cohort = flagged
    zomin_moderator = make_staff(StaffRoleKind.MODERATOR, tree.zomin)
    other_cycle = make_cycle("voting", title="Boshqa sikl")

    def refused(**kwargs):
        with pytest.raises(ServiceError) as error:
            svc.ballots_annul(**{"staff": moderator, "reason": "Sabab.", "cohort": cohort, **kwargs})
        return error.value.message

    assert refused(cycle=cycle, staff=zomin_moderator) == svc.NOT_ALLOWED_ANNUL
    assert refused(cycle=cycle, staff=resident()) == svc.NOT_ALLOWED_ANNUL
    assert refused(cycle=cycle, reason="   ") == svc.ANNUL_REASON_REQUIRED
    assert refused(cycle=cycle, cast_on=NIGHT.date()) == svc.ANNUL_ONE_CRITERION
    assert refused(cycle=cycle, cohort=None) == svc.ANNUL_ONE_CRITERION
    assert refused(cycle=cycle, cohort=None, cast_on=(T0 - timedelta(days=3)).date()) == svc.ANNUL_NOTHING
    assert refused(cycle=other_cycle, staff=moderator) == svc.ANNUL_OTHER_CYCLE
    with pytest.raises(ServiceError):
        svc.annulment_preview(other_cycle, cohort=cohort)

    assert not BallotAnnulment.objects.exists()
    assert not Ballot.objects.filter(annulment__isnull=False).exists()
    assert not ModelLogEntry.objects.filter(action="proposals.ballots_annulled").exists()


def test_no_annulment_once_results_are_published(flagged, moderator, tree, make_staff):
    cycle, cohort = flagged
    manager = make_staff(StaffRoleKind.MANAGER, tree.namangan)  # a manager above may annul ...
    assert svc.annulment_preview(cycle, cohort=cohort) == 5
    type(cycle).objects.filter(pk=cycle.pk).update(results_published_at=NIGHT + timedelta(days=20))

    for staff in (moderator, manager):  # ... but no one may after publication
        with pytest.raises(ServiceError) as refused:
            svc.ballots_annul(cycle, staff=staff, reason="Kech qolgan shikoyat.", cohort=cohort)
        assert refused.value.message == svc.NOT_ALLOWED_ANNUL
    assert not BallotAnnulment.objects.exists()


def test_a_regional_manager_may_annul(flagged, tree, make_staff):
    cycle, cohort = flagged
    manager = make_staff(StaffRoleKind.MANAGER, tree.namangan)
    assert svc.ballots_annul(cycle, staff=manager, reason="Viloyat tekshiruvi.", cohort=cohort).count == 5


def test_nothing_is_annulled_automatically(flags, voting, resident):
    """However loud the flags, ballots stay counted until a person decides."""
    cycle, project = voting
    burst(cycle, project, resident, count=12, at=NIGHT, device="one-phone", step=timedelta(minutes=1))
    assert {a.kind for a in cycle_anomalies(cycle)} == {"address", "device", "night"}
    open_box(cycle)
    assert not BallotAnnulment.objects.exists()
    assert Ballot.objects.filter(annulment__isnull=True).count() == Participation.objects.count() == 12
