"""Signing without reading the petition first: the fast path of the hottest request.

Most signatures are a resident signing a petition they may sign, once. For them the rate
limits are counted (one round trip to Redis) and one statement does the rest on PostgreSQL
(``signature_rows.signature_insert_if_eligible``): it checks the rules the full path checks in
Python, in its own ``WHERE``, and inserts and counts the signature, as its own transaction. The
petition's row is never read into Python, nor the request wrapped in BEGIN and COMMIT.

Whatever that statement cannot conclude goes to the full path
(``lifecycle.petition_sign``), which reads the petition and tells the person why: a refusal
(verification, residence, a closed collection), a second tap, a renewal after withdrawing, an
invalidated signature, the signature that reaches the threshold, and a petition that does
not exist. The attempt is counted once across both paths (``SignAttempt``): the full path
uses what the fast path counted, and takes it back where it would not have counted at all (a
refusal, a closed collection), so the limits treat people exactly as before. A burst from
one address is flagged by the full path's own check, with the petition read for it.
"""

import logging
import time
from datetime import datetime
from time import monotonic

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from participation.cache import CacheUnavailable
from participation.models import User
from participation.ratelimit import RateLimited, RateLimitUnavailable, rate_limit_uncount
from participation.web.page_cache import pages_changed
from proposals.petitions.models import Petition, PetitionStatus, Signature
from proposals.petitions.services import signature_rows
from proposals.petitions.services.lifecycle import (
    _burst_due,
    _check_burst,
    _new_signature,
    _sign_limits,
    _uncount_burst,
    petition_counts_settle,
)
from proposals.petitions.transitions import SIGNING_STATUSES

logger = logging.getLogger(__name__)


class SignAttempt:
    """One request's attempt to sign, counted by the rate limits at most once, whichever path
    asks first; ``release`` takes the count back."""

    def __init__(self, *, petition_id: int, user: User, ip: str | None, now: datetime):
        self.petition_id, self.user, self.ip, self.now = petition_id, user, ip or None, now
        self.at = time.time()
        self._asked = self._counted = False
        self._answer = None
        self._refused: Exception | None = None

    def limits(self) -> tuple[int, list[int]] | None:
        """The rate limits' answer (the burst count and its last flag), counted on the first
        call; raises their refusal (too many, or Redis unreachable) on every call."""
        if not self._asked:
            self._asked = True
            try:
                self._answer = _sign_limits(self.petition_id, self.user, self.ip, self.now, at=self.at)
            except RateLimitUnavailable as error:  # nothing was counted
                self._refused = error
            except RateLimited as error:  # counted, and over the limit
                self._refused, self._counted = error, True
            else:
                self._counted = True
        if self._refused is not None:
            raise self._refused
        return self._answer

    def release(self) -> None:
        """Take back what ``limits`` counted (once): the attempt turned out to be one the limits
        never count, a refusal or a petition nobody can sign."""
        if not self._counted:
            return
        self._counted = False
        try:
            rate_limit_uncount("petition_sign", user=self.user, ip=self.ip or "", now=self.at)
        except CacheUnavailable:
            logger.warning("Redis unreachable: a refused signing attempt stays in the rate limits")
        if self.ip:
            _uncount_burst(self.petition_id, self.ip, self.now)


def petition_sign_fast(*, petition_id: int, user: User, ip: str = "", now: datetime) -> Signature | SignAttempt:
    """Sign petition ``petition_id`` without reading it, when one statement can conclude: the
    new signature. Otherwise the attempt, for the full path (``lifecycle.petition_sign(...,
    attempt=...)``) to finish with the petition read; it has counted nothing when the person is
    not signed in, or off PostgreSQL (where the full path is the only one)."""
    attempt = SignAttempt(petition_id=petition_id, user=user, ip=ip, now=now)
    if not getattr(user, "is_authenticated", False) or connection.vendor != "postgresql":
        return attempt
    try:
        recent = attempt.limits()
    except (RateLimited, RateLimitUnavailable):
        return attempt  # the full path says so, or gives a refusal the limits never see
    ip = attempt.ip
    home = user.home_territory
    signature = _new_signature(petition_id, user, ip, now)
    try:
        signatures_needed = signature_rows.signature_insert_if_eligible(
            signature,
            verification_level=user.verification_level,
            home_path=home.path if home is not None else None,
            open_statuses=SIGNING_STATUSES,
            open_at=now,
            short_of_threshold=PetitionStatus.COLLECTING,
            threshold_margin=settings.PETITION_FAST_SIGNING_MARGIN,
        )
    except BaseException:
        if ip:
            _uncount_burst(petition_id, ip, now)  # as the full path does when it fails
        raise
    if signatures_needed is None:
        return attempt
    pages_changed("petitions")
    _count_soon(petition_id, now)
    if ip and recent is not None:
        count_and_flagged = (recent[0], recent[1][0])
        if _burst_due(*count_and_flagged, signatures_needed, now):
            # Rare (once a window per address): the full path's check, with the petition.
            transaction.on_commit(
                lambda: _check_burst(
                    Petition.objects.select_related("territory").get(pk=petition_id), ip, now, count_and_flagged
                ),
                robust=True,
            )
    return signature


# When this process last counted each petition's uncounted signatures (``time.monotonic``).
_counted_at: dict[int, float] = {}
_COUNTED_AT_KEPT = 10_000  # petitions remembered; forgetting one costs one early count


def _count_soon(petition_id: int, now: datetime) -> None:
    """Count the petition's uncounted signatures unless this process did so less than
    ``PETITION_COUNT_ROLL_UP_SECONDS`` ago, and never by waiting for the petition's lock. A
    petition signed now and then is counted by each signer's own request (the page shows the
    signature at once); one signed by a crowd about once a second per worker, which is the
    point: one write of the petition's row a second instead of one per signer, and no queue
    for its lock. The last few of a crowd are counted by the next signer, or by the task that
    runs every few seconds (``count_signatures``)."""
    interval = settings.PETITION_COUNT_ROLL_UP_SECONDS
    moment = monotonic()
    last = _counted_at.get(petition_id)
    if interval > 0 and last is not None and moment - last < interval:
        return
    if len(_counted_at) >= _COUNTED_AT_KEPT:
        _counted_at.clear()
    _counted_at[petition_id] = moment
    try:
        petition_counts_settle(petition_id, wait=False, now=now)
    except DatabaseError:
        # The signature is made and queued: the signer is thanked, and the task counts it.
        logger.exception("Counting petition %s's signatures failed; the task will count them", petition_id)
