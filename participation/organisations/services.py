"""Writes of organisations: register, verify / reject / suspend / renew (one transition
service), invite by link, accept, end a membership, leave, choose to be named.

Every change of status goes through ``organisation_transition``: it checks the move against
``transitions``, locks the row and records who / when / what in Wagtail's audit log, like the
other features. Membership changes are logged on the organisation too, so its history is one
list. Public pages that show organisations are told after the transaction commits.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from participation.exceptions import ServiceError
from participation.mail import single_line
from participation.models import Territory, TerritoryKind, User
from participation.organisations.models import (
    Membership,
    MembershipInvitation,
    MembershipRole,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    VerificationEvidence,
)
from participation.organisations.predicates import membership_open_on
from participation.organisations.transitions import Mover, transition_allowed
from participation.ratelimit import rate_limit
from participation.selectors import territory_ancestors
from participation.translit import cyrillic_to_latin
from participation.web.page_cache import pages_changed
from participation.web.sitemap import sitemap_changed

S = OrganisationStatus

SIGN_IN = _("Sign in to register an organisation.")
CONFIRM_EMAIL = _("Confirm your e-mail address before you register an organisation.")
TOO_OFTEN = _(
    "You have registered several organisations today. Please try again tomorrow; what you wrote is kept below."
)
NAME_UZ_EMPTY = _("Write the organisation's name in Uzbek.")
NAME_RU_EMPTY = _("Write the organisation's name in Russian.")
NAME_TOO_LONG = _("The name is too long: at most %(limit)d characters.")
KIND_UNKNOWN = _("Choose a kind of organisation from the list.")
TERRITORY_UNKNOWN = _("Choose the district or mahalla where the organisation works.")
REGISTRY_REQUIRED = _("A registered NGO needs its Ministry of Justice registry number.")
REGISTRY_TAKEN = _(
    "An organisation with the registry number %(number)s is already registered. "
    "If it is yours, ask its representative to invite you."
)
REGISTRY_TOO_LONG = _("The registry number is too long: at most %(limit)d characters.")
TEXT_TOO_LONG = _("%(field)s is too long: at most %(limit)d characters.")
OTHER_LANGUAGE_MISSING = _("Say which language the other name is in.")
NOT_ALLOWED_VERIFY = _("You may decide only about organisations in the territories you manage, and not your own.")
NOT_ALLOWED_STATE = _("This cannot be done now: the organisation is “%(status)s”.")
EVIDENCE_UNKNOWN = _("Choose the evidence you checked.")
NOTE_TOO_LONG = _("The note is too long: at most %(limit)d characters.")
REASON_REQUIRED = _("Write the reason; the organisation's representatives read it.")
EXPIRY_IN_PAST = _("The verification must hold until a later date than today.")
NOT_ALLOWED_INVITE = _(
    "Only a representative of an organisation that is awaiting verification or verified may invite members."
)
INVITATION_INVALID = _("This invitation link is not valid. Ask the representative for a new one.")
INVITATION_EXPIRED = _("This invitation link has expired. Ask the representative for a new one.")
INVITATION_USED = _("This invitation link has already been used. Ask the representative for a new one.")
INVITATION_CLOSED = _("This organisation cannot take new members now.")
ALREADY_MEMBER = _("You are already a member of this organisation.")
NOT_ALLOWED_END = _("Only the organisation's representatives may end a membership.")
MEMBERSHIP_ALREADY_ENDED = _("This membership has already ended.")
LAST_REPRESENTATIVE = _(
    "This is the organisation's last representative. Invite another representative first, "
    "so the organisation is not left without one."
)
NOT_ALLOWED_NAMED = _("Only a representative decides whether to be named, for themself.")

# Addresses of the pages beside the organisations' own (organisations/new/, mine/, join/).
RESERVED_SLUGS = {"new", "mine", "join"}
INVITATION_SALT = "participation.organisations.invitation"


def _max_length(field: str) -> int:
    return Organisation._meta.get_field(field).max_length


def today(now: datetime | None = None) -> date:
    return timezone.localdate(now) if now else timezone.localdate()


def organisation_office_name(territory: Territory) -> str:
    """The khokimiyat a verification is made in the name of: the territory's own, or for a
    mahalla its district's (as petitions and questions sign their answers)."""
    offices = [t for t in territory_ancestors(territory, include_self=True) if t.kind != TerritoryKind.MAHALLA]
    office = offices[-1] if offices else territory
    return f"{office.name_uz} hokimligi"


def verifier_office(manager: User, organisation: Organisation) -> str:
    """The office of the manager who verifies: the deepest territory of the manager's that holds
    the organisation's territory (a regional manager verifies in the region's name)."""
    from participation.selectors import staff_role_paths

    paths = [
        path
        for role, path in staff_role_paths(manager)
        if role == "manager" and organisation.territory.path.startswith(path)
    ]
    if paths:
        deepest = Territory.objects.filter(path=max(paths, key=len)).first()
        if deepest is not None:
            return organisation_office_name(deepest)
    return organisation_office_name(organisation.territory)


def _unique_slug(name: str) -> str:
    base = slugify(cyrillic_to_latin(name).replace("ʻ", "").replace("ʼ", "").replace("'", ""))[:60] or "organisation"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or Organisation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _normalised_registry_number(value: str | None) -> str | None:
    value = "".join((value or "").split())
    return value or None


def _clean_fields(
    *,
    name_uz: str,
    name_ru: str,
    kind: str,
    territory,
    registry_number,
    description: str,
    contacts: str,
    name_other: str,
    name_other_language: str,
) -> dict:
    name_uz, name_ru, name_other = single_line(name_uz), single_line(name_ru), single_line(name_other)
    name_other_language = single_line(name_other_language).lower()
    description, contacts = (description or "").strip(), (contacts or "").strip()
    if not name_uz:
        raise ServiceError(NAME_UZ_EMPTY)
    if not name_ru:
        raise ServiceError(NAME_RU_EMPTY)
    for value in (name_uz, name_ru, name_other):
        if len(value) > _max_length("name_uz"):
            raise ServiceError(NAME_TOO_LONG % {"limit": _max_length("name_uz")})
    if name_other and not name_other_language:
        raise ServiceError(OTHER_LANGUAGE_MISSING)
    if kind not in OrganisationKind.values:
        raise ServiceError(KIND_UNKNOWN)
    if not isinstance(territory, Territory):
        raise ServiceError(TERRITORY_UNKNOWN)
    registry_number = _normalised_registry_number(registry_number)
    if kind == OrganisationKind.NGO and not registry_number:
        raise ServiceError(REGISTRY_REQUIRED)
    if registry_number and len(registry_number) > _max_length("registry_number"):
        raise ServiceError(REGISTRY_TOO_LONG % {"limit": _max_length("registry_number")})
    for field, value in (("description", description), ("contacts", contacts)):
        limit = _max_length(field)
        if len(value) > limit:
            raise ServiceError(
                TEXT_TOO_LONG % {"field": Organisation._meta.get_field(field).verbose_name.capitalize(), "limit": limit}
            )
    return {
        "name_uz": name_uz,
        "name_ru": name_ru,
        "name_other": name_other,
        "name_other_language": name_other_language if name_other else "",
        "kind": kind,
        "territory": territory,
        "registry_number": registry_number,
        "description": description,
        "contacts": contacts,
    }


def organisation_register(
    *,
    user: User,
    name_uz: str,
    name_ru: str,
    kind: str,
    territory: Territory,
    registry_number: str | None = "",
    description: str = "",
    contacts: str = "",
    name_other: str = "",
    name_other_language: str = "",
    named_publicly: bool = False,
    by_staff: bool = False,
    rate_limited: bool = True,
    ip: str = "",
    now: datetime | None = None,
) -> Organisation:
    """Register an organisation, awaiting verification by a manager of ``territory``.

    A resident who registers becomes its first representative (``named_publicly`` if they
    agree); staff (``by_staff``) create it without becoming a member. ``rate_limited=False``
    is for the demo seeder only. A registry number
    already registered is refused with a message naming it; nothing is written.
    """
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        raise ServiceError(SIGN_IN)
    if not by_staff and not user.has_perm("participation.register_organisation"):
        raise ServiceError(CONFIRM_EMAIL)
    fields = _clean_fields(
        name_uz=name_uz, name_ru=name_ru, kind=kind, territory=territory, registry_number=registry_number,
        description=description, contacts=contacts, name_other=name_other, name_other_language=name_other_language,
    )  # fmt: skip
    number = fields["registry_number"]
    if number and Organisation.objects.filter(registry_number=number).exists():
        raise ServiceError(REGISTRY_TAKEN % {"number": number})
    if rate_limited and not by_staff:
        rate_limit("organisation_register", user=user, ip=ip, too_many=TOO_OFTEN)
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                **fields, slug=_unique_slug(fields["name_uz"]), created_by=user, status=S.REQUESTED
            )
            if not by_staff:
                Membership.objects.create(
                    organisation=organisation,
                    user=user,
                    role=MembershipRole.REPRESENTATIVE,
                    starts_on=today(now),
                    named_publicly=named_publicly,
                )
            log(instance=organisation, action="participation.organisation_requested", user=user,
                data={"by_staff": by_staff})  # fmt: skip
    except IntegrityError as error:
        # Two people registering the same number at once: the constraint decides, the message is the same.
        if number and Organisation.objects.filter(registry_number=number).exists():
            raise ServiceError(REGISTRY_TAKEN % {"number": number}) from error
        raise
    return organisation


# --- The one transition ---------------------------------------------------------------------


def _locked(organisation: Organisation) -> Organisation:
    return Organisation.objects.select_for_update(of=("self",)).select_related("territory").get(pk=organisation.pk)


def organisation_transition(
    organisation: Organisation,
    target: str,
    *,
    mover: str,
    actor: User | None,
    data: dict | None = None,
    changes: dict | None = None,
) -> Organisation:
    """Move ``organisation`` to ``target`` if the table allows it for this mover, and record it
    in the audit log. Locks the row: of two managers deciding at once, the second sees the
    first's decision and is refused if the move no longer applies."""
    with transaction.atomic():
        locked = _locked(organisation)
        rule = transition_allowed(locked.status, target)
        if rule is None or rule.mover != mover:
            raise ServiceError(NOT_ALLOWED_STATE % {"status": locked.get_status_display()})
        source = locked.status
        locked.status = target
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", *(changes or {})])
        log(instance=locked, action=rule.action, user=actor, data={"from": source, "to": target, **(data or {})})
        sitemap_changed()
        pages_changed("organisations")
    for name in ["status", *(changes or {})]:
        setattr(organisation, name, getattr(locked, name))
    return locked


def _check_manager(manager: User, organisation: Organisation) -> None:
    if not manager.has_perm("participation.verify_organisation", organisation):
        raise ServiceError(NOT_ALLOWED_VERIFY)


def organisation_verify(
    *,
    organisation: Organisation,
    manager: User,
    evidence: str,
    note: str = "",
    expires_on: date | None = None,
    now: datetime | None = None,
) -> Organisation:
    """Verify (or renew, or reinstate) an organisation on recorded evidence, until
    ``expires_on`` (``ORGANISATION_VERIFICATION_DAYS`` from today by default)."""
    now = now or timezone.now()
    _check_manager(manager, organisation)
    if evidence not in VerificationEvidence.values:
        raise ServiceError(EVIDENCE_UNKNOWN)
    note = (note or "").strip()
    if len(note) > _max_length("verification_note"):
        raise ServiceError(NOTE_TOO_LONG % {"limit": _max_length("verification_note")})
    expires_on = expires_on or today(now) + timedelta(days=settings.ORGANISATION_VERIFICATION_DAYS)
    if expires_on <= today(now):
        raise ServiceError(EXPIRY_IN_PAST)
    return organisation_transition(
        organisation,
        S.VERIFIED,
        mover=Mover.MANAGER,
        actor=manager,
        data={"evidence": evidence, "note": note, "expires_on": expires_on.isoformat()},
        changes={
            "verified_at": now,
            "verified_by": manager,
            "verified_office": verifier_office(manager, organisation)[: _max_length("verified_office")],
            "verification_evidence": evidence,
            "verification_note": note,
            "verification_expires_on": expires_on,
            "status_reason": "",
        },
    )


def _with_reason(target: str, *, organisation: Organisation, manager: User, reason: str) -> Organisation:
    _check_manager(manager, organisation)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(REASON_REQUIRED)
    if len(reason) > _max_length("status_reason"):
        raise ServiceError(NOTE_TOO_LONG % {"limit": _max_length("status_reason")})
    return organisation_transition(
        organisation, target, mover=Mover.MANAGER, actor=manager, data={"reason": reason},
        changes={"status_reason": reason},
    )  # fmt: skip


def organisation_reject(*, organisation: Organisation, manager: User, reason: str) -> Organisation:
    return _with_reason(S.REJECTED, organisation=organisation, manager=manager, reason=reason)


def organisation_suspend(*, organisation: Organisation, manager: User, reason: str) -> Organisation:
    return _with_reason(S.SUSPENDED, organisation=organisation, manager=manager, reason=reason)


def organisations_expire(*, now: datetime | None = None) -> int:
    """Mark verified organisations whose expiry date has come as expired (the predicate already
    stops them acting by date; this makes the status and the staff screen say so)."""
    day = today(now)
    moved = 0
    for organisation in Organisation.objects.filter(status=S.VERIFIED, verification_expires_on__lte=day):
        organisation_transition(organisation, S.EXPIRED, mover=Mover.PLATFORM, actor=None)
        moved += 1
    return moved


# --- Members ----------------------------------------------------------------------------------


def invitation_create(
    *, organisation: Organisation, by: User, role: str = MembershipRole.MEMBER, now: datetime | None = None
) -> tuple[MembershipInvitation, str]:
    """A single-use link that lets one person join; returns the invitation and the signed token
    the link carries (valid ``ORGANISATION_INVITATION_DAYS`` days)."""
    now = now or timezone.now()
    if not by.has_perm("participation.invite_organisation_member", organisation):
        raise ServiceError(NOT_ALLOWED_INVITE)
    if role not in MembershipRole.values:
        role = MembershipRole.MEMBER
    with transaction.atomic():
        invitation = MembershipInvitation.objects.create(
            organisation=organisation,
            role=role,
            created_by=by,
            expires_at=now + timedelta(days=settings.ORGANISATION_INVITATION_DAYS),
        )
        log(instance=organisation, action="participation.organisation_member_invited", user=by,
            data={"invitation": invitation.pk, "role": role})  # fmt: skip
    return invitation, signing.dumps({"i": invitation.pk}, salt=INVITATION_SALT)


def invitation_from_token(token: str, *, now: datetime | None = None) -> MembershipInvitation:
    """The invitation a link carries, if it is still usable; otherwise a ServiceError that says why."""
    now = now or timezone.now()
    try:
        payload = signing.loads(token, salt=INVITATION_SALT)
        invitation = (
            MembershipInvitation.objects.select_related("organisation", "organisation__territory")
            .filter(pk=int(payload["i"]))
            .first()
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        invitation = None
    if invitation is None or invitation.withdrawn_at is not None:
        raise ServiceError(INVITATION_INVALID)
    if invitation.accepted_at is not None:
        raise ServiceError(INVITATION_USED)
    if invitation.expires_at <= now:
        raise ServiceError(INVITATION_EXPIRED)
    return invitation


def invitation_accept(*, token: str, user: User, now: datetime | None = None) -> Membership:
    """``user`` joins through the link: one membership, the link used up."""
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        raise ServiceError(INVITATION_INVALID)
    with transaction.atomic():
        invitation = invitation_from_token(token, now=now)
        invitation = MembershipInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise ServiceError(INVITATION_USED)
        organisation = invitation.organisation
        if organisation.status not in (S.REQUESTED, S.VERIFIED):
            raise ServiceError(INVITATION_CLOSED)
        if Membership.objects.filter(organisation=organisation, user=user, ends_on__isnull=True).exists():
            raise ServiceError(ALREADY_MEMBER)
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    organisation=organisation, user=user, role=invitation.role, starts_on=today(now)
                )
        except IntegrityError as error:
            raise ServiceError(ALREADY_MEMBER) from error
        invitation.accepted_by, invitation.accepted_at = user, now
        invitation.save(update_fields=["accepted_by", "accepted_at"])
        log(instance=organisation, action="participation.organisation_member_joined", user=user,
            data={"membership": membership.pk, "role": membership.role, "invitation": invitation.pk})  # fmt: skip
        pages_changed("organisations")
    return membership


def _open_representatives_left(membership: Membership, on: date) -> int:
    return (
        Membership.objects.filter(
            membership_open_on(on), organisation_id=membership.organisation_id, role=MembershipRole.REPRESENTATIVE
        )
        .exclude(pk=membership.pk)
        .count()
    )


def membership_end(*, membership: Membership, by: User, now: datetime | None = None) -> Membership:
    """End a membership today: from today the person no longer acts for (or belongs to) the
    organisation. A representative ends others' memberships; anyone may leave (``by`` is the
    member). The last representative cannot leave the organisation without one."""
    now = now or timezone.now()
    day = today(now)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().select_related("organisation__territory").get(pk=membership.pk)
        leaving = locked.user_id == by.pk
        if not leaving and not by.has_perm("participation.end_organisation_membership", locked.organisation):
            raise ServiceError(NOT_ALLOWED_END)
        if locked.ends_on is not None and locked.ends_on <= day:
            raise ServiceError(MEMBERSHIP_ALREADY_ENDED)
        if locked.role == MembershipRole.REPRESENTATIVE and not _open_representatives_left(locked, day):
            organisation_status = locked.organisation.status
            if organisation_status in (S.REQUESTED, S.VERIFIED):
                raise ServiceError(LAST_REPRESENTATIVE)
        locked.ends_on = max(day, locked.starts_on)
        locked.ended_by = by
        locked.save(update_fields=["ends_on", "ended_by"])
        log(instance=locked.organisation, action="participation.organisation_member_left" if leaving
            else "participation.organisation_member_ended", user=by,
            data={"membership": locked.pk, "user": locked.user_id, "role": locked.role})  # fmt: skip
        pages_changed("organisations")
    membership.ends_on, membership.ended_by = locked.ends_on, locked.ended_by
    return locked


def membership_set_named(*, membership: Membership, by: User, named: bool) -> Membership:
    """A representative chooses, for themself, whether the public page names them."""
    if membership.user_id != by.pk or membership.role != MembershipRole.REPRESENTATIVE or membership.ends_on:
        raise ServiceError(NOT_ALLOWED_NAMED)
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(named_publicly=named)
        membership.named_publicly = named
        pages_changed("organisations")
    return membership
