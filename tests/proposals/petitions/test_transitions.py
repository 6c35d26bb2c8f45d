"""Every pair of states against the rules, written out here in words (not read from the
production table): what they allow happens and is recorded; everything else is refused with a
clear message and changes nothing. A row added to or dropped from
``proposals.petitions.transitions`` fails these tests."""

import itertools

import pytest
from django.utils import translation

from participation.exceptions import ServiceError
from proposals.petitions.models import PetitionEvent
from proposals.petitions.models import PetitionStatus as S
from proposals.petitions.services import lifecycle as svc
from proposals.petitions.transitions import TRANSITIONS, Mover
from tests.fixtures.clock import T0

MOVERS = [Mover.AUTHOR, Mover.SYSTEM, Mover.MODERATION, Mover.RESPONDER]
PUBLISHED = [S.COLLECTING, S.THRESHOLD_REACHED, S.ANSWERED, S.CLOSED]

# The life of a petition, in words; each rule gives (source, target): who moves it.
ALLOWED = {
    # The author invites co-sponsors; enough of them send the petition to moderation.
    (S.DRAFT, S.GATHERING): Mover.AUTHOR,
    (S.GATHERING, S.MODERATION): Mover.SYSTEM,
    # A moderator publishes it for signatures or rejects it.
    (S.MODERATION, S.COLLECTING): Mover.MODERATION,
    (S.MODERATION, S.REJECTED): Mover.MODERATION,
    # A moderator takes down a published petition found unlawful after reports...
    **{(published, S.REJECTED): Mover.MODERATION for published in PUBLISHED},
    # ...the author's one appeal sends a rejected petition back to moderation, and an upheld
    # appeal returns it to where it stood when it was taken down.
    (S.REJECTED, S.MODERATION): Mover.AUTHOR,
    **{(S.MODERATION, published): Mover.MODERATION for published in PUBLISHED},
    # Signatures reach the threshold; invalidated fraudulent ones can take it back below.
    (S.COLLECTING, S.THRESHOLD_REACHED): Mover.SYSTEM,
    (S.THRESHOLD_REACHED, S.COLLECTING): Mover.SYSTEM,
    # Collection ends without the threshold.
    (S.COLLECTING, S.CLOSED): Mover.SYSTEM,
    # The khokimiyat answers a petition that reached its threshold.
    (S.THRESHOLD_REACHED, S.ANSWERED): Mover.RESPONDER,
    # The author may withdraw until the threshold is reached, never after.
    **{(source, S.WITHDRAWN): Mover.AUTHOR for source in [S.DRAFT, S.GATHERING, S.MODERATION, S.COLLECTING]},
}
PAIRS = [(source, target) for source, target in itertools.product(S.values, S.values) if source != target]


@pytest.mark.django_db
@pytest.mark.parametrize("source,target", PAIRS)
def test_each_pair_of_states_follows_the_table(make_petition, source, target):
    petition = make_petition(S.DRAFT)
    # The database refuses "answered" without an answer date, so the setup gives one.
    type(petition).objects.filter(pk=petition.pk).update(
        status=source, answered_at=T0 if source == S.ANSWERED else None
    )
    petition.refresh_from_db()
    events_before = petition.events.count()
    for mover in MOVERS:
        if ALLOWED.get((source, target)) == mover:
            changes = {"answered_at": T0, "answer": "Javob"} if target == S.ANSWERED else None
            svc.petition_transition(petition, target, mover=mover, actor=None, now=T0, changes=changes)
            petition.refresh_from_db()
            assert petition.status == target
            event = petition.events.latest("pk")
            assert (event.from_status, event.to_status) == (source, target)
            return
        with pytest.raises(ServiceError):
            svc.petition_transition(petition, target, mover=mover, actor=None, now=T0)
        petition.refresh_from_db()
        assert petition.status == source
        assert petition.events.count() == events_before


def test_the_table_allows_exactly_the_rules_in_words():
    assert {pair: rule.mover for pair, rule in TRANSITIONS.items()} == ALLOWED


def test_the_table_has_the_life_the_issue_describes():
    """draft → gathering → moderation → collecting → threshold → answered, with side exits."""
    main_line = [S.DRAFT, S.GATHERING, S.MODERATION, S.COLLECTING, S.THRESHOLD_REACHED, S.ANSWERED]
    for source, target in itertools.pairwise(main_line):
        assert (source, target) in TRANSITIONS
    for source in [S.DRAFT, S.GATHERING, S.MODERATION, S.COLLECTING]:
        assert (source, S.WITHDRAWN) in TRANSITIONS
    assert (S.THRESHOLD_REACHED, S.WITHDRAWN) not in TRANSITIONS  # not after the threshold
    assert (S.COLLECTING, S.CLOSED) in TRANSITIONS
    assert (S.THRESHOLD_REACHED, S.CLOSED) not in TRANSITIONS
    assert (S.MODERATION, S.REJECTED) in TRANSITIONS
    assert not any(source == S.WITHDRAWN for source, _target in TRANSITIONS)
    # Answered and closed petitions leave only when a moderator takes unlawful content down.
    for settled in [S.ANSWERED, S.CLOSED]:
        assert {(t.target, t.mover) for (source, _), t in TRANSITIONS.items() if source == settled} == {
            (S.REJECTED, Mover.MODERATION)
        }


@pytest.mark.django_db
def test_refused_move_says_why_in_the_users_language(make_petition, people):
    petition = make_petition(S.COLLECTING, moderator=people.moderator)
    with pytest.raises(ServiceError) as refused:
        svc.petition_answer(petition=petition, responder=people.responder, answer="Javob", now=T0)
    with translation.override("en"):
        assert str(refused.value.message) in {
            str(svc.NOT_RESPONDER),
            str(svc.NOT_ALLOWED_STATE % {"status": "Collecting signatures"}),
        }
    petition.refresh_from_db()
    assert petition.status == S.COLLECTING and petition.answer == ""


@pytest.mark.django_db
def test_author_withdraws_before_the_threshold_but_not_after(make_petition, people, settings):
    collecting = make_petition(S.COLLECTING, moderator=people.moderator)
    svc.petition_withdraw(petition=collecting, author=collecting.author, reason="Hal boʻldi", now=T0)
    collecting.refresh_from_db()
    assert collecting.status == S.WITHDRAWN
    assert collecting.events.latest("pk").note == "Hal boʻldi"

    from proposals.petitions.models import PetitionRules

    PetitionRules.objects.filter(level="district").update(signatures_needed=2)
    reached = make_petition(S.THRESHOLD_REACHED, moderator=people.moderator)
    with pytest.raises(ServiceError):
        svc.petition_withdraw(petition=reached, author=reached.author, now=T0)
    reached.refresh_from_db()
    assert reached.status == S.THRESHOLD_REACHED


@pytest.mark.django_db
def test_only_the_author_withdraws_or_invites(make_petition, resident):
    petition = make_petition(S.DRAFT)
    stranger = resident()
    with pytest.raises(ServiceError):
        svc.petition_invite_cosponsors(petition=petition, author=stranger, now=T0)
    with pytest.raises(ServiceError):
        svc.petition_withdraw(petition=petition, author=stranger, now=T0)
    petition.refresh_from_db()
    assert petition.status == S.DRAFT


@pytest.mark.django_db
def test_draft_edits_stop_once_cosponsors_are_invited(make_petition):
    petition = make_petition(S.DRAFT)
    svc.petition_edit_draft(
        petition=petition,
        author=petition.author,
        title="Yangi sarlavha",
        text="Matn yetarlicha uzun boʻlishi kerak, shuning uchun bu yerda koʻproq soʻz bor.",
        tags=["suv"],
    )
    petition.refresh_from_db()
    assert petition.title == "Yangi sarlavha"
    svc.petition_invite_cosponsors(petition=petition, author=petition.author, now=T0)
    with pytest.raises(ServiceError):
        svc.petition_edit_draft(petition=petition, author=petition.author, title="Boshqa", text="x" * 40)
    petition.refresh_from_db()
    assert petition.title == "Yangi sarlavha"


@pytest.mark.django_db
def test_the_fifth_cosponsor_sends_the_petition_to_moderation(make_petition, resident):
    from participation.models import ModerationItem, ModerationKind

    petition = make_petition(S.GATHERING)
    assert petition.cosponsors_needed == 5
    for number in range(1, 6):
        svc.petition_cosponsor(petition=petition, user=resident(), token=petition.invite_token, now=T0)
        petition.refresh_from_db()
        assert petition.cosponsor_count == number
        assert petition.status == (S.MODERATION if number == 5 else S.GATHERING)
    item = ModerationItem.objects.get(object_id=petition.pk)
    assert item.kind == ModerationKind.REVIEW and item.territory_id == petition.territory_id
    moved = petition.events.get(to_status=S.MODERATION)
    assert moved.actor is None and moved.from_status == S.GATHERING


@pytest.mark.django_db
def test_cosponsoring_is_refused_with_a_wrong_link_twice_or_by_the_author(make_petition, resident):
    petition = make_petition(S.GATHERING)
    neighbour = resident()
    with pytest.raises(ServiceError):
        svc.petition_cosponsor(petition=petition, user=neighbour, token="guessed", now=T0)
    with pytest.raises(ServiceError):
        svc.petition_cosponsor(petition=petition, user=petition.author, token=petition.invite_token, now=T0)
    svc.petition_cosponsor(petition=petition, user=neighbour, token=petition.invite_token, now=T0)
    with pytest.raises(ServiceError):
        svc.petition_cosponsor(petition=petition, user=neighbour, token=petition.invite_token, now=T0)
    petition.refresh_from_db()
    assert petition.cosponsor_count == 1 == petition.cosponsors.count()


@pytest.mark.django_db
def test_cosponsors_and_signers_must_be_verified_residents(make_petition, resident, tree, people):
    from participation.models import VerificationLevel

    petition = make_petition(S.GATHERING)
    unverified = resident(verification_level=VerificationLevel.NONE)
    outsider = resident(mahalla=tree.duoba)  # lives in Zomin
    for person in (unverified, outsider):
        with pytest.raises(ServiceError):
            svc.petition_cosponsor(petition=petition, user=person, token=petition.invite_token, now=T0)
    collecting = make_petition(S.COLLECTING, moderator=people.moderator)
    for person in (unverified, outsider):
        with pytest.raises(ServiceError):
            svc.petition_sign(petition=collecting, user=person, now=T0)
    collecting.refresh_from_db()
    assert collecting.signature_count == 0


@pytest.mark.django_db
def test_rules_are_copied_when_drafted_so_later_edits_do_not_move_the_goal(make_petition):
    from proposals.petitions.models import PetitionRules

    petition = make_petition(S.DRAFT)
    assert petition.signatures_needed == 500
    PetitionRules.objects.filter(level="district").update(signatures_needed=10)
    petition.refresh_from_db()
    assert petition.signatures_needed == 500
    assert make_petition(S.DRAFT).signatures_needed == 10


@pytest.mark.django_db
@pytest.mark.parametrize(
    "title,text,message",
    [
        ("", "x" * 40, svc.TITLE_EMPTY),
        ("x" * 151, "x" * 40, None),
        ("Yoʻl", "", svc.TEXT_EMPTY),
        ("Yoʻl", "qisqa", None),
        ("Yoʻl", "x" * 5001, None),
    ],
)
def test_bad_text_is_refused_and_nothing_is_saved(tree, resident, title, text, message):
    from proposals.petitions.models import Petition

    with pytest.raises(ServiceError) as refused:
        svc.petition_draft(author=resident(), territory=tree.yangiqorgon, title=title, text=text, now=T0)
    if message is not None:
        assert refused.value.message == message
    assert Petition.objects.count() == 0 and PetitionEvent.objects.count() == 0


@pytest.mark.django_db
def test_petitions_go_to_a_mahalla_district_city_or_region_only(tree, resident):
    with pytest.raises(ServiceError):
        svc.petition_draft(author=resident(), territory=tree.country, title="Hammaga", text="x" * 40, now=T0)
    petition = svc.petition_draft(author=resident(), territory=tree.navbahor, title="Mahalla", text="x" * 40, now=T0)
    assert petition.signatures_needed == 50  # the mahalla default


@pytest.mark.django_db
def test_answer_names_the_district_office_for_a_mahalla_petition(tree):
    assert svc.petition_office_name(tree.navbahor) == "Yangiqoʻrgʻon tumani hokimligi"
    assert svc.petition_office_name(tree.namangan) == "Namangan viloyati hokimligi"
