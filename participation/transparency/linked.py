"""Small counts stay hidden across tables, not only within one.

``suppression`` protects each table from its own total. But tables are related: a year's cell
is the sum of the same cell in its months (and in its quarters), and a section's figure equals
its tables' totals. Publish them side by side and a hidden cell comes back by subtraction: the
year minus the eleven months that show their cell gives the twelfth. (A region would add its
districts' plus its own remainder; its report publishes no people counts: see
``selectors.without_people_counts``.)

So before a report is published its people counts are audited together with every report of
the same territory it adds up, as a reader who knows the rule would: a visible cell is a
number, "< 5" is 1 to 4, "hidden" is 5 or more and at most the smallest cell its table still
shows (complementary cells are taken smallest first). Each relation (a sum) narrows the
cells in it; narrowing repeats until nothing changes. If any hidden cell is left
with one possible value from 1 to 4, the report being published hides more of its own cells,
smallest first within a table (so the rule above stays true), until none is. The tables it adds
up are never changed: they were published first (the freezing task goes from months to years)
and a published figure stays what it was.

This is interval reasoning over the sums, not an exact integer search: it finds every cell that
subtraction and its chains give back (what the issue's attack does), which is the guarantee the
reports make; ``docs/transparency.md`` says so.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from participation.transparency.suppression import HIDDEN, SMALLEST_SHOWN, SUPPRESSED

INF = float("inf")
# A bound on narrowing steps, far above what reports need (a year's: some thousands).
_MAX_STEPS = 200_000

TOTAL = "__total__"
VALUE = "__value__"  # a figure's single cell


@dataclass
class Audit:
    """Cells (published or not) and the sums that relate them, as a reader can know them."""

    lo: dict = field(default_factory=dict)
    hi: dict = field(default_factory=dict)
    known: set = field(default_factory=set)  # published numbers: nothing to protect
    relations: list = field(default_factory=list)  # [(cell, sign), ...] summing to zero

    def add_published(self, cell, value, ceiling=None) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int):
            self.lo[cell] = self.hi[cell] = value
            self.known.add(cell)
        elif value == SUPPRESSED:
            self.lo[cell], self.hi[cell] = 1, SMALLEST_SHOWN - 1
        elif value == HIDDEN:
            self.lo[cell], self.hi[cell] = SMALLEST_SHOWN, INF if ceiling is None else ceiling

    def add_sum(self, whole, parts: Iterable) -> None:
        """``whole`` is the sum of ``parts`` (cells missing from the audit are left out)."""
        parts = [part for part in parts if part in self.lo]
        if whole in self.lo and parts:
            self.relations.append([(whole, -1), *((part, 1) for part in parts)])

    def narrow(self) -> dict:
        """Narrow every cell by every sum until nothing changes; returns the bounds. A sum the
        figures contradict (a report that is not exactly additive, such as signatures withdrawn
        later) is dropped: a reader cannot use it exactly either."""
        lo, hi = dict(self.lo), dict(self.hi)
        # Published numbers never move: fold them into each sum's constant, so a sum is
        # "constant + the signed hidden cells = 0", and a sum with nothing hidden is no sum.
        relations = []
        for relation in self.relations:
            constant, terms = 0, []
            for cell, sign in relation:
                if cell in self.known:
                    constant += sign * lo[cell]
                else:
                    terms.append((cell, sign))
            if terms:
                relations.append((constant, terms))
        by_cell = defaultdict(list)
        for index, (_constant, terms) in enumerate(relations):
            for cell, _sign in terms:
                by_cell[cell].append(index)
        pending = list(range(len(relations)))
        queued = set(pending)
        dropped: set[int] = set()
        steps = 0
        while pending and steps < _MAX_STEPS:
            index = pending.pop()
            queued.discard(index)
            if index in dropped:
                continue
            constant, terms = relations[index]
            steps += len(terms)
            least = [lo[c] if s > 0 else -hi[c] for c, s in terms]
            most = [hi[c] if s > 0 else -lo[c] for c, s in terms]
            unbounded_below = sum(1 for value in least if value == -INF)
            unbounded_above = sum(1 for value in most if value == INF)
            least_sum = constant + sum(value for value in least if value != -INF)
            most_sum = constant + sum(value for value in most if value != INF)
            updates = []
            for (cell, sign), own_least, own_most in zip(terms, least, most, strict=True):
                # The others' signed sum (with the constant) lies in [others_least,
                # others_most]; this cell's signed value is minus that.
                if unbounded_below - (own_least == -INF):
                    others_least = -INF
                else:
                    others_least = least_sum - (own_least if own_least != -INF else 0)
                if unbounded_above - (own_most == INF):
                    others_most = INF
                else:
                    others_most = most_sum - (own_most if own_most != INF else 0)
                if sign > 0:
                    new_lo, new_hi = max(lo[cell], -others_most), min(hi[cell], -others_least)
                else:
                    new_lo, new_hi = max(lo[cell], others_least), min(hi[cell], others_most)
                if new_lo > new_hi:
                    dropped.add(index)
                    updates = []
                    break
                if (new_lo, new_hi) != (lo[cell], hi[cell]):
                    updates.append((cell, new_lo, new_hi))
            for cell, new_lo, new_hi in updates:
                lo[cell], hi[cell] = new_lo, new_hi
                for other in by_cell[cell]:  # this sum included: its other cells may narrow now
                    if other not in queued:
                        pending.append(other)
                        queued.add(other)
        return {cell: (lo[cell], hi[cell]) for cell in lo}

    def given_back(self) -> list:
        """Cells not published as numbers that the sums pin to one value from 1 to 4."""
        bounds = self.narrow()
        return [
            cell
            for cell, (low, high) in bounds.items()
            if cell not in self.known and low == high and 0 < low < SMALLEST_SHOWN
        ]


# --- Reports ------------------------------------------------------------------------------------


def _people_tables(content: dict):
    """(section key, table) of every table of people counts that has a total (a table of rates
    mirrors another's marks and adds no sum of its own)."""
    for section in content["sections"]:
        for item in section.get("tables", []):
            if item.get("people") and "mirror_of" not in item:
                yield section["key"], item


def _people_figures(content: dict):
    for section in content["sections"]:
        for item in section.get("figures", []):
            if item.get("people"):
                yield section["key"], item


def _ceiling(rows: list[dict]):
    """The smallest cell a table still shows among those that could have been hidden (5 or
    more): no "hidden" cell of that table is larger."""
    shown = [row["value"] for row in rows if isinstance(row["value"], int) and row["value"] >= SMALLEST_SHOWN]
    return min(shown) if shown else None


def _add_report(audit: Audit, report, content: dict, row_keys: dict) -> None:
    """A report's people counts, each table with its sum and its rows missing here as zeros."""
    wholes = defaultdict(list)
    for section_key, item in _people_figures(content):
        cell = (report, section_key, item["key"], VALUE)
        audit.add_published(cell, item["value"])
        if item.get("whole"):
            wholes[section_key, item["whole"]].append(cell)
    for section_key, item in _people_tables(content):
        ceiling = _ceiling(item["rows"])
        values = {row["key"]: row["value"] for row in item["rows"]}
        cells = []
        for row_key in row_keys.get((section_key, item["key"]), values):
            cell = (report, section_key, item["key"], row_key)
            audit.add_published(cell, values.get(row_key, 0), ceiling)
            cells.append(cell)
        total = (report, section_key, item["key"], TOTAL)
        audit.add_published(total, item["total"])
        audit.add_sum(total, cells)
        if item.get("whole"):
            wholes[section_key, item["whole"]].append(total)
    for cells in wholes.values():  # a figure and the tables that split it all count the same
        for other in cells[1:]:
            audit.add_sum(cells[0], [other])


def _cells_of(content: dict, row_keys: dict):
    for section_key, item in _people_figures(content):
        yield section_key, item["key"], VALUE
    for section_key, item in _people_tables(content):
        for row_key in row_keys.get((section_key, item["key"]), ()):
            yield section_key, item["key"], row_key
        yield section_key, item["key"], TOTAL


@dataclass(frozen=True)
class Sum:
    """``whole`` (a report) adds up ``parts`` (reports), cell by cell."""

    whole: object
    parts: tuple


def protect(content: dict, report, published: dict, sums: list[Sum]) -> dict:
    """``content`` (the report ``report`` about to be published) with more of its cells hidden
    until no cell of it or of ``published`` (report → its published content) can be worked out
    through ``sums``. Only ``content`` changes."""
    contents = {**published, report: content}
    row_keys: dict = defaultdict(dict)  # (section, table) → row keys in order, across reports
    for each in contents.values():
        for section_key, item in _people_tables(each):
            for row in item["rows"]:
                row_keys[section_key, item["key"]].setdefault(row["key"], None)
    row_keys = {key: list(keys) for key, keys in row_keys.items()}

    def audit_now() -> Audit:
        audit = Audit()
        for name, each in contents.items():
            _add_report(audit, name, each, row_keys)
        for total in sums:
            if total.whole in contents:
                parts = [part for part in total.parts if part in contents]
                for cell in _cells_of(contents[total.whole], row_keys):
                    audit.add_sum((total.whole, *cell), [(part, *cell) for part in parts])
        return audit

    while True:
        audit = audit_now()
        given_back = set(audit.given_back())
        if not given_back:
            return content
        mine = {cell for cell in audit.known if cell[0] == report and audit.lo[cell] > 0}
        if not mine:
            return content  # everything of this report is hidden already: nothing left to do
        # For each cell given back, the smallest of this report's shown cells in a sum with it
        # (any of this report's shown cells when none is): hidden together, then audited again.
        chosen = set()
        for relation in audit.relations:
            if any(cell in given_back for cell, _sign in relation):
                ours = [cell for cell, _sign in relation if cell in mine]
                if ours:
                    chosen.add(min(ours, key=lambda cell: (audit.lo[cell], cell[1:])))
        for cell in chosen or {min(mine, key=lambda cell: (audit.lo[cell], cell[1:]))}:
            _hide(content, cell)


def _hide(content: dict, cell) -> None:
    """Hide one cell of ``content``: a table's row with every row of that table no larger (so
    that "hidden" stays at most the smallest cell shown), a total, or a figure."""
    _report, section_key, item_key, row_key = cell
    section = next(section for section in content["sections"] if section["key"] == section_key)
    if row_key == VALUE:
        item = next(item for item in section["figures"] if item["key"] == item_key)
        item["value"] = HIDDEN
        return
    item = next(item for item in section["tables"] if item["key"] == item_key)
    if row_key == TOTAL:
        item["total"] = HIDDEN
        return
    limit = next(row["value"] for row in item["rows"] if row["key"] == row_key)
    if not isinstance(limit, int):
        return  # hidden already, with a larger cell of its table in this same round
    hidden = set()
    for row in item["rows"]:
        if isinstance(row["value"], int) and 0 < row["value"] <= limit:
            row["value"] = HIDDEN
            hidden.add(row["key"])
    for mirror in section["tables"]:  # a rate beside a hidden count would give the count back
        if mirror.get("mirror_of") == item_key:
            for row in mirror["rows"]:
                if row["key"] in hidden:
                    row["value"] = HIDDEN
