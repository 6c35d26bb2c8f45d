"""Reads of petitions. Views, exports and templates ask here; nothing else builds queries."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from participation.answers.deadline import AnswerDeadline
from participation.answers.selectors import answer_extension_open, answer_overdue, answers_due_for_reminder
from participation.models import ModerationKind, ModerationOutcome, StaffRoleKind, Territory, TerritoryKind
from participation.models.roles import STAFF_TOOL_ROLES
from participation.selectors import (
    moderation_decision_for,
    staff_role_paths,
    territories_current,
    territory_contains,
    territory_descendants,
    within_staff_territories,
)
from participation.translit import search_key
from participation.transparency.suppression import SUPPRESSED, is_hidden, suppress_cells
from proposals.petitions.models import (
    MahallaSignatureCount,
    Petition,
    PetitionEvent,
    PetitionRules,
    PetitionSearch,
    PetitionStatus,
    Signature,
)
from proposals.petitions.transitions import PUBLIC_STATUSES, SIGNING_STATUSES

S = PetitionStatus

# A petition is answered within the legal deadline (participation.answers): due at the end of
# the PETITION_ANSWER_DAYS-th day after the threshold, extended once with a public reason.
ANSWER_DEADLINE = AnswerDeadline(
    answer_days="PETITION_ANSWER_DAYS",
    extension_max_days="PETITION_EXTENSION_MAX_DAYS",
    reason_max=2000,
    due="answer_due_at",
    reason="extension_reason",
    overdue_since="overdue_since",
    reminder_sent_at="reminder_sent_at",
    remind_days_before="PETITION_REMIND_DAYS_BEFORE_DUE",
)

ADDRESSABLE = {TerritoryKind.MAHALLA, TerritoryKind.DISTRICT, TerritoryKind.CITY, TerritoryKind.REGION}

# Shipped defaults, used until managers save rules of their own. Mening fikrim asks 10,000
# signatures of national bodies; local thresholds are ours to choose, scaled to population
# (a mahalla has about 2,000-5,000 adults, a district about 100,000-250,000).
DEFAULT_RULES = {
    TerritoryKind.MAHALLA: {"signatures_needed": 50},
    TerritoryKind.DISTRICT: {"signatures_needed": 500},
    TerritoryKind.CITY: {"signatures_needed": 500},
    TerritoryKind.REGION: {"signatures_needed": 2000},
}

SORTS = {
    "newest": ("-published_at", "-pk"),
    "most_signed": ("-signature_count", "-published_at", "-pk"),
    "closing_soon": ("closes_at", "pk"),
}

# What a row of the list reads (petition_item.html and the tags it calls: title and text for the
# passage's language, the status badge, days left, overdue, the progress bar). Every other
# column stays in the database: answers and reasons are long, and a list never shows them.
LIST_FIELDS = (
    "pk",
    "title",
    "text",
    "status",
    "territory",
    "signature_count",
    "signatures_needed",
    "published_at",
    "closes_at",
    "answer_due_at",
    "answered_at",
    *(f"territory__{name}" for name in ("name_uz", "name_uz_cyrl", "name_ru", "name_en", "name_kaa")),
)
# A search looks at most at this many words: each is one more condition on the indexed key.
SEARCH_WORDS_MAX = 8


def _tagged(tag: str) -> Exists:
    """The petition carries the topic ``tag``: a semi-join, so a petition is listed once
    without ``DISTINCT`` (which would sort every listed row on every view)."""
    petition_type = ContentType.objects.get_for_model(Petition)
    return Exists(TaggedItem.objects.filter(content_type_id=petition_type.pk, object_id=OuterRef("pk"), tag__slug=tag))


def _containing(words: list[str]) -> Exists:
    """Every word is in the petition's search key. ``LIKE '%word%'`` runs on PostgreSQL's
    trigram index of ``PetitionSearch``, a row beside the petition's (see that model)."""
    keys = PetitionSearch.objects.filter(petition=OuterRef("pk"))
    for word in words:
        keys = keys.filter(key__contains=word)
    return Exists(keys)


def petitions_public(
    *,
    territory: Territory | None = None,
    status: str | None = None,
    tag: str | None = None,
    query: str = "",
    sort: str = "newest",
    now: datetime | None = None,
) -> QuerySet[Petition]:
    """Published petitions, filtered and sorted, with what a list row shows: one query per page.

    ``territory`` includes everything inside it: a district's list shows its mahallas'
    petitions too. "Closing soon" lists only petitions still collecting. Each sort walks a
    partial index of its own (``Petition.Meta.indexes``), so a page reads its 20 rows, not
    every published petition.
    """
    # One status condition, not two: the planner multiplies their selectivities and, thinking
    # the rows rare, sorts them all instead of walking the sort's index.
    queryset = Petition.objects.filter(
        **({"status": status} if status in PUBLIC_STATUSES else {"status__in": PUBLIC_STATUSES})
    )
    if territory is not None:
        # The territories' ids, read first (one indexed query): against a list the planner
        # knows how many petitions match, where through a join on the path it guesses a few
        # dozen and sorts all of them instead of walking the sort's index.
        inside = territory_descendants(territory, include_self=True).values_list("pk", flat=True)
        queryset = queryset.filter(territory_id__in=list(inside))
    if tag:
        queryset = queryset.filter(_tagged(tag))
    words = search_key(query).split()[:SEARCH_WORDS_MAX]
    if words:
        queryset = queryset.filter(_containing(words))
    if sort == "closing_soon":
        queryset = queryset.filter(status__in=SIGNING_STATUSES, closes_at__gt=now or timezone.now())
    return queryset.select_related("territory").only(*LIST_FIELDS).order_by(*SORTS.get(sort, SORTS["newest"]))


def petition_get(pk: int) -> Petition | None:
    return Petition.objects.select_related("territory", "author", "rejection_reason").filter(pk=pk).first()


def petition_for_signing(pk: int, user) -> Petition | None:
    """The petition for a signature (or its withdrawal): just the row and its territory, since
    whether this person may sign depends on it and on their home territory, which came with
    them (``participation.auth_backends``). Signing is the hottest request of all; the
    petition page's author and rejection are not needed for it. ``get``, not ``first``: an
    ORDER BY to compile for one row by its key cost a tenth of a bare POST."""
    try:
        return Petition.objects.select_related("territory").get(pk=pk)
    except Petition.DoesNotExist:
        return None


def petition_is_staff_of(petition: Petition, user) -> bool:
    """Any staff role on the petition's territory or above (they may see it before publication)."""
    return any(petition.territory.path.startswith(path) for _role, path in staff_role_paths(user)) or getattr(
        user, "is_superuser", False
    )


def petition_visible_to(petition: Petition, user) -> bool:
    """Published petitions are public; a draft only to its author (the draft page tells them
    "only you can see it"); the rest to the author, co-sponsors and staff of the territory.
    Rejected ones stay visible to their author with the reason."""
    if petition.status in PUBLIC_STATUSES:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if petition.author_id == user.pk:
        return True
    if petition.status == S.DRAFT:
        return False
    return petition_is_staff_of(petition, user) or petition.cosponsors.filter(user=user).exists()


def petition_timeline(petition: Petition) -> list[PetitionEvent]:
    """The public history: every recorded event, oldest first (the draft's own events are
    left out of the public view: a petition's life in public starts at its invitation)."""
    return list(petition.events.exclude(to_status=S.DRAFT, from_status__in=["", S.DRAFT]).order_by("created_at", "pk"))


@dataclass(frozen=True)
class MahallaCount:
    name: str
    count: int | str  # a number, or the mark of a hidden count ("< 5", "hidden")
    percent: int  # of the largest bar, for the chart (0 for a hidden count: no bar)

    @property
    def hidden(self) -> bool:
        return is_hidden(self.count)


def petition_signatures_by_mahalla(petition: Petition) -> list[MahallaCount]:
    """Valid signatures per signer's mahalla; no names, ever. One query over the counts kept by
    the signing transaction (a row per mahalla), so a petition with 200,000 signatures costs
    what one with ten does.

    Signers are people, and the petition's total is published beside the table, so the counts
    go through the reports' small-count rule (``suppress_cells``): 1 to 4 is "< 5", and cells
    hidden to protect them are "hidden". When even that cannot keep a small count from being
    worked out from the total (1 to 4 signatures in all, say), no mahalla is listed. Shown
    counts come largest first, then the hidden ones by name, so the order says nothing about
    their size.
    """
    rows = list(
        MahallaSignatureCount.objects.filter(petition=petition, count__gt=0)
        .values(
            "mahalla_id", "count", "mahalla__name_uz", "mahalla__name_ru", "mahalla__name_en", "mahalla__name_uz_cyrl"
        )
        # Signers without a mahalla last on SQLite too (PostgreSQL's default for NULL).
        .order_by(F("mahalla__name_uz").asc(nulls_last=True), "mahalla_id")
    )
    cells, total = suppress_cells([row["count"] for row in rows])
    if not isinstance(total, int):
        return []
    top = max((cell for cell in cells if not is_hidden(cell)), default=0)
    result = []
    for row, cell in zip(rows, cells, strict=True):
        if row["mahalla_id"] is None:
            name = None
        else:
            name = Territory(
                name_uz=row["mahalla__name_uz"],
                name_ru=row["mahalla__name_ru"] or "",
                name_en=row["mahalla__name_en"] or "",
                name_uz_cyrl=row["mahalla__name_uz_cyrl"] or "",
            ).name
        percent = 0 if is_hidden(cell) or not top else cell * 100 // top
        result.append(MahallaCount(name=name, count=cell, percent=percent))
    # Stable sorts: shown counts largest first, then "hidden", then "< 5", each by name.
    return sorted(result, key=lambda row: (row.hidden, row.count == SUPPRESSED, 0 if row.hidden else -row.count))


def petition_signature_of(petition: Petition, user):
    """The person's signature (valid, withdrawn or invalidated), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Signature.objects.filter(petition=petition, user=user).first()


def petition_progress_bar(petition: Petition) -> int:
    """The value of the petition's ``<progress>`` bar: its signatures, at most its threshold.
    A petition goes on collecting past the threshold, and HTML refuses a value above ``max``;
    the words beside the bar keep the real count."""
    return min(petition.signature_count, petition.signatures_needed)


def petition_days_left(petition: Petition, now: datetime | None = None) -> int | None:
    if petition.status not in SIGNING_STATUSES or petition.closes_at is None:
        return None
    now = now or timezone.now()
    seconds = (petition.closes_at - now).total_seconds()
    return max(0, int(-(-seconds // 86400)))


def petition_answer_overdue(petition: Petition, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return petition.status == S.THRESHOLD_REACHED and answer_overdue(petition, deadline=ANSWER_DEADLINE, now=now)


def petitions_due_for_reminder(now: datetime) -> QuerySet[Petition]:
    """Petitions awaiting their answer, due within PETITION_REMIND_DAYS_BEFORE_DUE days, whose
    responders were not yet reminded of this due date."""
    awaiting = Petition.objects.filter(status=S.THRESHOLD_REACHED)
    return answers_due_for_reminder(awaiting, deadline=ANSWER_DEADLINE, now=now)


_WORD = re.compile(r"\w+")


def _stems(text: str) -> set[str]:
    # Uzbek is agglutinative ("yoʻllari", "yoʻlni"): comparing the first five letters of each
    # longer word catches most suffixed forms without a stemmer.
    return {word[:5] for word in _WORD.findall(search_key(text)) if len(word) >= 4}


def petitions_similar(
    *, territory: Territory, title: str, text: str = "", exclude_pk: int | None = None, limit: int = 5
):
    """Petitions in the same territory (and inside it) that share words with this one.

    Shown before the author invites co-sponsors, so a duplicate is joined instead of
    repeated. Scores by shared word stems over the latest 500 candidates: one query.
    """
    stems = _stems(f"{title} {title} {text[:500]}")
    if not stems:
        return []
    candidates = (
        # Only petitions anyone may open: the titles of unpublished or rejected ones stay with
        # their authors and staff.
        Petition.objects.filter(territory__path__startswith=territory.path, status__in=PUBLIC_STATUSES)
        .exclude(pk=exclude_pk)
        .select_related("territory")
        .only("pk", "title", "status", "signature_count", "territory__name_uz", "territory__path", "search_text")
        .order_by("-pk")[:500]
    )
    scored = []
    for candidate in candidates:
        shared = len(stems & _stems(candidate.search_text))
        if shared >= 2 and shared / len(stems) >= 0.2:
            scored.append((shared, candidate.pk, candidate))
    scored.sort(key=lambda entry: (-entry[0], -entry[1]))
    return [candidate for _shared, _pk, candidate in scored[:limit]]


def petitions_of_author(user) -> QuerySet[Petition]:
    return Petition.objects.filter(author=user).select_related("territory").order_by("-created_at")


def petitions_awaiting_answer(user) -> QuerySet[Petition]:
    """Petitions past their threshold in territories where the user answers, due date first."""
    queryset = within_staff_territories(
        Petition.objects.filter(status__in=[S.THRESHOLD_REACHED, S.ANSWERED]),
        user,
        [StaffRoleKind.RESPONDER, StaffRoleKind.MANAGER],
    )
    return queryset.select_related("territory").order_by("status", "answer_due_at", "pk")


def petitions_for_staff(user) -> QuerySet[Petition]:
    """Every petition (any state but draft) in the user's territories, for staff screens."""
    queryset = within_staff_territories(Petition.objects.exclude(status=S.DRAFT), user, STAFF_TOOL_ROLES)
    return queryset.select_related("territory").order_by("-pk")


def petition_addressable_territories(*, mahallas_of: Territory | None = None) -> QuerySet[Territory]:
    """Regions, districts and cities, plus the mahallas of ``mahallas_of`` (the person's own
    district): with the real register's ~9,400 mahallas, listing them all would make every
    form a download of hundreds of kilobytes on a rural phone."""
    queryset = territories_current().filter(kind__in=ADDRESSABLE - {TerritoryKind.MAHALLA})
    if mahallas_of is not None:
        queryset = queryset | territories_current().filter(
            kind=TerritoryKind.MAHALLA, path__startswith=mahallas_of.path
        )
    return queryset.order_by("path")


def petition_territory_allowed(petition: Petition, territory: Territory) -> bool:
    return territory_contains(petition.territory, territory)


# --- Added for the public pages ---------------------------------------------------------------


def petition_public_topics():
    """Topics of published petitions, by name, for the list's topic filter: one query.

    Asked per topic (is one of its petitions published?), which stops at the first such
    petition; joining every tagged petition and removing duplicates read them all."""
    petition_type = ContentType.objects.get_for_model(Petition)
    # The petition's status as a scalar subquery, which PostgreSQL keeps per tagged row: as a
    # join it would hash every tagged petition (or walk every petition for a rare topic).
    status_of = Petition.objects.filter(pk=OuterRef("object_id")).values("status")[:1]
    used = (
        TaggedItem.objects.filter(tag=OuterRef("pk"), content_type_id=petition_type.pk)
        .annotate(petition_status=Subquery(status_of))
        .filter(petition_status__in=PUBLIC_STATUSES)
    )
    return Tag.objects.filter(Exists(used)).order_by("name")


def petition_default_territory(user) -> Territory | None:
    """Where a new petition is most likely addressed: the khokimiyat of the person's home
    (the district or city around their mahalla), else their home itself when addressable."""
    home = getattr(user, "home_territory", None) if getattr(user, "is_authenticated", False) else None
    if home is None:
        return None
    if home.kind in (TerritoryKind.DISTRICT, TerritoryKind.CITY):
        return home
    local = (
        petition_addressable_territories()
        .filter(path__in=home.ancestor_paths, kind__in=[TerritoryKind.DISTRICT, TerritoryKind.CITY])
        .order_by("-depth")
        .first()
    )
    return local or (home if home.kind in ADDRESSABLE else None)


def petition_appealable_decision(petition: Petition, user):
    """The rejection the author may still appeal (once per petition), or None."""
    if petition.status != S.REJECTED or not getattr(user, "is_authenticated", False) or petition.author_id != user.pk:
        return None
    decision = moderation_decision_for(petition)
    if decision is None or decision.outcome != ModerationOutcome.REJECT or decision.kind == ModerationKind.APPEAL:
        return None
    already = type(decision).objects.filter(
        content_type_id=decision.content_type_id, object_id=decision.object_id, kind=ModerationKind.APPEAL
    )
    return None if already.exists() else decision


def petition_for_staff(user, petition_id: int) -> Petition | None:
    """One petition of the user's territories for the staff screen, or None."""
    return petitions_for_staff(user).select_related("author").filter(pk=petition_id).first()


def petition_rules_default(level: str) -> PetitionRules:
    """The shipped rules of a level (unsaved), in force until managers save their own."""
    return PetitionRules(level=level, **DEFAULT_RULES.get(level, {"signatures_needed": 500}))


def petition_rules_for(territory: Territory) -> PetitionRules:
    """The rules for petitions to this territory's level: the managers' row, or the default."""
    rules = PetitionRules.objects.filter(level=territory.kind).first()
    return rules if rules is not None else petition_rules_default(territory.kind)


def petition_rules_levels() -> list:
    """The rules of every level in the order managers read them: the saved row, or the
    shipped default (unsaved) where managers have saved none yet."""
    saved = {rules.level: rules for rules in PetitionRules.objects.all()}
    return [saved.get(level) or petition_rules_default(level) for level, _label in PetitionRules.LEVELS]


def petition_collecting(petition: Petition, now: datetime | None = None) -> bool:
    """Whether signatures are accepted now: a signing status and the window still open (the
    test ``petition_sign`` applies), so the page offers the button only when it would work."""
    now = now or timezone.now()
    return petition.status in SIGNING_STATUSES and petition.closes_at is not None and now < petition.closes_at


def petition_extension_open(petition: Petition, now: datetime | None = None) -> bool:
    """Whether the answer date can still be moved (the test ``petition_extend`` applies): once,
    while awaiting the answer, before the date has passed."""
    now = now or timezone.now()
    return petition.status == S.THRESHOLD_REACHED and answer_extension_open(petition, deadline=ANSWER_DEADLINE, now=now)
