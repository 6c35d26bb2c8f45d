"""Reads of reports: computing a period's content live, finding its frozen snapshot, and the
figures a page, a CSV or a JSON download shows (all three from the same content)."""

import hashlib
import json
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from participation.models import Territory, TerritoryKind
from participation.transparency.linked import Sum, protect
from participation.transparency.models import ReportSnapshot
from participation.transparency.names import RowName, uzbek_name
from participation.transparency.periods import Period
from participation.transparency.registry import report_section, report_sections
from participation.transparency.suppression import HIDDEN, difference
from participation.transparency.suppression import METHOD_VERSION as SUPPRESSION_VERSION

REPORT_TERRITORY_KINDS = [TerritoryKind.REGION, TerritoryKind.CITY, TerritoryKind.DISTRICT]

# A report computed live (the current period, or a closed one not yet frozen) is kept this long:
# a busy page costs one computation per territory and period every few minutes, and its
# figures are at most this late.
LIVE_REPORT_SECONDS = 5 * 60


def report_method_version() -> str:
    """The method of the whole report: the core's small-count rule (``suppression.3``), then
    every section's key and version (``+petitions.1+...``), so changing the rule or raising one
    section's version makes the next snapshot a new one."""
    return "+".join(
        [f"suppression.{SUPPRESSION_VERSION}", *(f"{section.key}.{section.version}" for section in report_sections())]
    )


def report_canonical_json(content: dict) -> str:
    """The bytes the hash is taken of: sorted keys, no spaces, UTF-8 as is."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def report_hash(content: dict) -> str:
    return hashlib.sha256(report_canonical_json(content).encode()).hexdigest()


def report_compute(territory: Territory, period: Period) -> dict:
    """A period's report computed from the data now. Nothing in it depends on when it is
    computed once the period has closed, so recomputing gives the same hash.

    Its people counts are protected together with the same territory's shorter periods that
    it adds up (``linked``). A region's report has none: see ``without_people_counts``."""
    content = {
        "territory": {"id": territory.pk, "code": territory.code or "", "name": territory.name_uz},
        "period": {"kind": period.kind, "start": period.start.isoformat(), "end": period.end.isoformat()},
        "method_version": report_method_version(),
        "sections": [
            {"key": section.key, "version": section.version, **section.compute(territory, period)}
            for section in report_sections()
        ],
    }
    if territory.kind == TerritoryKind.REGION:
        return without_people_counts(content)
    with _computing() as memo:
        members, sums = report_family(territory, period)
        published = _published_contents(members, memo)
        protected = protect(content, _report_id(territory, period), published, sums)
        memo[_report_id(territory, period)] = protected
        return protected


def without_people_counts(content: dict) -> dict:
    """A region's report without its counts of people. A region's count is its districts' and
    cities' plus what was done at the region itself, so beside theirs it would give that small
    remainder back, and protecting it would mean computing every district's report with each
    region's: a region's people counts are read in its districts' and cities' reports, which
    the region's page links to. Counts of things (petitions, projects, soum) stay."""
    for section in content["sections"]:
        section["figures"] = [item for item in section.get("figures", []) if not item.get("people")]
        section["tables"] = [item for item in section.get("tables", []) if not item.get("people")]
    return content


def _report_id(territory: Territory, period: Period) -> tuple:
    return (territory.pk, period.kind, period.start)


def report_family(territory: Territory, period: Period, now: datetime | None = None) -> tuple[list, list[Sum]]:
    """The reports of ``territory`` published beside its report of ``period`` that it adds up,
    and the sums relating them: a year is its quarters and its months, a quarter its months.
    Periods that have not begun have nothing in them and are left out."""
    now = now or timezone.now()
    periods = [each for each in [period, *period.parts("quarter"), *period.parts("month")] if each.starts_at <= now]
    members = [(territory, each) for each in periods if each != period]
    sums = [
        Sum(_report_id(territory, whole), tuple(_report_id(territory, part) for part in parts))
        for whole in periods
        for kind in ("quarter", "month")
        if (parts := [part for part in whole.parts(kind) if part in periods])
    ]
    return members, sums


_memo: ContextVar[dict | None] = ContextVar("transparency_report_memo", default=None)


@contextmanager
def _computing():
    """One dictionary of the reports computed in this call and the calls it makes, so a year's
    parts (which share their months) are each computed once, with or without the cache."""
    memo = _memo.get()
    if memo is not None:
        yield memo
        return
    token = _memo.set({})
    try:
        yield _memo.get()
    finally:
        _memo.reset(token)


def _published_contents(members: list, memo: dict) -> dict:
    """What is published of each report in ``members``: its snapshot under today's method, or
    its live figures (computed, protected in turn, and kept like any live report)."""
    if not members:
        return {}
    method_version = report_method_version()
    wanted = {_report_id(t, p): (t, p) for t, p in members}
    frozen = ReportSnapshot.objects.filter(
        method_version=method_version,
        territory_id__in={t.pk for t, _p in members},
        period_start__gte=min(p.start for _t, p in members),
        period_start__lt=max(p.end for _t, p in members),
    ).values_list("territory_id", "period_kind", "period_start", "content")
    contents = {
        (territory_id, kind, start): content
        for territory_id, kind, start, content in frozen
        if (territory_id, kind, start) in wanted
    }
    for report, (t, p) in wanted.items():
        if report not in contents:
            if report not in memo:
                memo[report] = report_compute_live(t, p)
            contents[report] = memo[report]
    return contents


def report_snapshots(
    *, territory: Territory | None = None, period: Period | None = None, kind: str | None = None
) -> QuerySet[ReportSnapshot]:
    """Frozen snapshots, newest period first: for lists, open data and the API."""
    snapshots = ReportSnapshot.objects.select_related("territory").order_by("-period_start", "period_kind", "-id")
    if territory is not None:
        snapshots = snapshots.filter(territory=territory)
    if period is not None:
        snapshots = snapshots.filter(period_kind=period.kind, period_start=period.start)
    if kind is not None:
        snapshots = snapshots.filter(period_kind=kind)
    return snapshots


def _live_key(territory: Territory, period: Period, method_version: str) -> str:
    # The content is the same for every reader (labels are put on by the page), so no language.
    method = hashlib.sha256(method_version.encode()).hexdigest()[:16]
    return f"transparency:live:{territory.pk}:{period.kind}:{period.start.isoformat()}:{method}"


def report_compute_live(territory: Territory, period: Period) -> dict:
    """``report_compute`` kept in the cache for ``LIVE_REPORT_SECONDS``, for pages and
    downloads of a period without a snapshot. With Redis down the cache is a miss and forgets
    what it is given (``participation.cache``), so the report is computed on every view."""
    key = _live_key(territory, period, report_method_version())
    content = cache.get(key)
    if content is None:
        content = report_compute(territory, period)
        cache.set(key, content, LIVE_REPORT_SECONDS)
    return content


@dataclass
class ReportContent:
    content: dict
    snapshot: ReportSnapshot | None  # None: computed live (the period is still open, or not yet frozen)
    live: bool
    versions: list[str]  # the method versions frozen for this period, for reading older ones


def report_content(
    territory: Territory, period: Period, *, method_version: str | None = None, now: datetime | None = None
) -> ReportContent | None:
    """The report to show: the frozen snapshot of ``method_version`` (today's by default), or,
    while the period is open or before the task has frozen it, the live figures. None when an
    older method version was asked for and none was frozen."""
    now = now or timezone.now()
    snapshots = {
        snapshot.method_version: snapshot
        for snapshot in ReportSnapshot.objects.filter(
            territory=territory, period_kind=period.kind, period_start=period.start
        ).order_by("created_at")
    }
    wanted = method_version or report_method_version()
    if wanted in snapshots:
        snapshot = snapshots[wanted]
        return ReportContent(content=snapshot.content, snapshot=snapshot, live=False, versions=list(snapshots))
    if method_version is not None and method_version != report_method_version():
        return None
    return ReportContent(
        content=report_compute_live(territory, period),
        snapshot=None,
        live=not period.is_closed(now),
        versions=list(snapshots),
    )


@dataclass
class FigureRow:
    key: str
    label: str
    value: object
    previous: object
    change: object
    people: bool
    lang: str = ""  # the label's language when it is not the page's (a name kept in Uzbek)


@dataclass
class TableView:
    key: str
    label: str
    people: bool
    rows: list[FigureRow]
    total: object
    previous_total: object

    @property
    def has_hidden(self) -> bool:
        """Whether a cell (or the total) is hidden to protect a small one: the page explains it."""
        return self.total == HIDDEN or any(row.value == HIDDEN for row in self.rows)


@dataclass
class SectionView:
    key: str
    title: str
    version: int
    figures: list[FigureRow]
    tables: list[TableView]


def _labelled(section, key: str) -> str:
    return str(section.labels.get(key, key)) if section is not None else key


def _row_names(content: dict) -> dict[tuple, RowName]:
    """(namer, row key) → the row's name in the reader's language, for every table whose
    section says how its rows are named: one query per kind of name (reasons, territories),
    however many tables and rows."""
    wanted: dict = {}
    for data in content["sections"]:
        section = report_section(data["key"])
        for item in data.get("tables", []) if section else []:
            namer = section.row_names.get(item["key"])
            if namer is not None:
                wanted.setdefault(namer, set()).update(row["key"] for row in item["rows"])
    return {(namer, key): name for namer, keys in wanted.items() for key, name in namer(sorted(keys)).items()}


def _row_name(section, table_key: str, row: dict, names: dict) -> RowName:
    """Rows named by the data (reasons, mahallas) are named again in the reader's language
    where the section says how, else keep their stored Uzbek name (marked as Uzbek); rows
    named by the method (statuses, "not recorded") are labelled in the reader's language."""
    namer = section.row_names.get(table_key) if section is not None else None
    if namer is not None and (namer, row["key"]) in names:
        return names[(namer, row["key"])]
    if row["label"]:
        return uzbek_name(row["label"])
    return RowName(_labelled(section, row["key"]))


def report_sections_view(content: dict, previous: dict | None) -> list[SectionView]:
    """The sections of ``content`` side by side with ``previous`` (the period before), each
    figure with its change; what the page draws and the CSV lists, row for row."""
    previous_sections = {section["key"]: section for section in (previous or {}).get("sections", [])}
    names = _row_names(content)
    views = []
    for data in content["sections"]:
        section = report_section(data["key"])
        before = previous_sections.get(data["key"], {})
        before_figures = {item["key"]: item["value"] for item in before.get("figures", [])}
        before_tables = {item["key"]: item for item in before.get("tables", [])}
        figures = [
            FigureRow(
                key=item["key"],
                label=_labelled(section, item["key"]),
                value=item["value"],
                previous=before_figures.get(item["key"]),
                change=difference(item["value"], before_figures.get(item["key"])),
                people=item.get("people", False),
            )
            for item in data.get("figures", [])
        ]
        tables = []
        for item in data.get("tables", []):
            old = before_tables.get(item["key"], {})
            old_rows = {row["key"]: row["value"] for row in old.get("rows", [])}
            rows = []
            for row in item["rows"]:
                name = _row_name(section, item["key"], row, names)
                rows.append(
                    FigureRow(
                        key=row["key"],
                        label=name.label,
                        value=row["value"],
                        previous=old_rows.get(row["key"]),
                        change=difference(row["value"], old_rows.get(row["key"])),
                        people=item["people"],
                        lang=name.lang,
                    )
                )
            tables.append(
                TableView(
                    key=item["key"],
                    label=_labelled(section, item["key"]),
                    people=item["people"],
                    rows=rows,
                    total=item["total"],
                    previous_total=old.get("total"),
                )
            )
        views.append(
            SectionView(
                key=data["key"],
                title=str(section.title) if section else data["key"],
                version=data["version"],
                figures=figures,
                tables=tables,
            )
        )
    return views


def report_flat_rows(views: list[SectionView]) -> list[list]:
    """One line per figure and table cell, for the CSV: section, table, row, value, previous."""
    lines = []
    for section in views:
        for row in section.figures:
            lines.append([section.key, "", row.key, row.label, row.value, row.previous])
        for table_view in section.tables:
            for row in table_view.rows:
                lines.append([section.key, table_view.key, row.key, row.label, row.value, row.previous])
            lines.append([section.key, table_view.key, "total", "", table_view.total, table_view.previous_total])
    return lines
