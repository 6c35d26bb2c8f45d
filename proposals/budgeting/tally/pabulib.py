"""Parser for the pabulib `.pb` format (META / PROJECTS / VOTES), no Django.

* Sections are read with :mod:`csv` (delimiter ``;``, standard double-quote quoting), so
  CRLF, LF and mixed line endings and quoted fields containing ``;``, ``"`` or newlines work.
* Project ids are kept as **strings** (``"02"`` != ``"2"``); money is an exact
  :class:`fractions.Fraction` (``"102533.36"`` -> ``Fraction(256333400, 2500)``).
* Every problem found is reported with its 1-based physical line number through
  :class:`PabulibError`, whose ``errors`` attribute is a list of ``(line, message)``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

VOTE_TYPES = ("approval", "choose-1", "ordinal", "cumulative", "scoring")
SECTIONS = ("META", "PROJECTS", "VOTES")


class PabulibError(ValueError):
    """A malformed `.pb` file. ``errors`` is a list of ``(line_number, message)``."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = list(errors)
        super().__init__("; ".join(f"line {line}: {msg}" for line, msg in self.errors))


@dataclass
class Project:
    id: str
    cost: Fraction
    line: int
    row: dict[str, str] = field(default_factory=dict)


@dataclass
class Ballot:
    voter_id: str
    projects: tuple[str, ...]  # approval: file order, deduplicated; ordinal: best first
    points: tuple[Fraction, ...] | None  # cumulative/scoring: parallel to ``projects``
    line: int
    row: dict[str, str] = field(default_factory=dict)


@dataclass
class PBInstance:
    meta: dict[str, str]
    projects: dict[str, Project]  # in file order
    ballots: list[Ballot]
    budget: Fraction
    vote_type: str

    @property
    def num_voters(self) -> int:
        return len(self.ballots)

    def meta_int(self, key: str) -> int | None:
        value = self.meta.get(key, "").strip()
        try:
            return int(value) if value else None
        except ValueError:
            return None


def parse_number(text: str) -> Fraction:
    """Exact value of an integer or decimal string (``"400000.0"``, ``"102533.36"``)."""
    value = Fraction(text.strip())  # raises ValueError on garbage, inf and nan
    return value


def _split_list(text: str) -> list[str]:
    text = text.strip()
    if not text:
        return []
    return [part.strip() for part in text.split(",")]


def parse_pabulib_file(path: str | Path) -> PBInstance:
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PabulibError([(line, f"not valid UTF-8 ({exc.reason})")]) from None
    return parse_pabulib_string(text)


def parse_pabulib_string(text: str) -> PBInstance:
    """Parse the text of a `.pb` file; raise :class:`PabulibError` listing every problem."""
    errors: list[tuple[int, str]] = []
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
    # Collect (line, fields) per section; reader.line_num is the line where a row *ends*,
    # so remember the line at which it starts.
    sections: dict[str, tuple[int, list[str] | None, list[tuple[int, list[str]]]]] = {}
    current: str | None = None
    header_line = 0
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    last_line = 0
    start = 1
    try:
        for fields in reader:
            line = start
            start = reader.line_num + 1
            last_line = reader.line_num
            fields = [f.strip() for f in fields]
            if not fields or all(f == "" for f in fields):
                continue
            if len(fields) == 1 or all(f == "" for f in fields[1:]):
                title = fields[0]
                if title in SECTIONS:
                    if current is not None:
                        sections[current] = (header_line, header, rows)
                    if title in sections or title == current:
                        errors.append((line, f"section {title} appears twice"))
                    expected = SECTIONS[len(sections)] if len(sections) < 3 else None
                    if title != expected and expected is not None and title not in sections:
                        errors.append((line, f"section {title} found where {expected} was expected"))
                    current, header, rows, header_line = title, None, [], line
                    continue
            if current is None:
                errors.append((line, "file must start with the META section"))
                current, header, rows, header_line = "META", None, [], line
                continue
            if header is None:
                header, header_line = fields, line
                continue
            rows.append((line, fields))
    except csv.Error as exc:
        errors.append((reader.line_num, f"CSV error: {exc}"))
        raise PabulibError(errors) from None
    if current is not None:
        sections[current] = (header_line, header, rows)
    end_line = last_line + 1
    for title in SECTIONS:
        if title not in sections:
            errors.append((end_line, f"missing section {title}"))
        elif sections[title][1] is None:
            errors.append((sections[title][0], f"section {title} has no header line"))
    if errors:
        raise PabulibError(errors)

    # ---- META
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    m_header_line, m_header, m_rows = sections["META"]
    if [h.lower() for h in m_header[:2]] != ["key", "value"]:
        errors.append((m_header_line, "META header must be 'key;value'"))
    for line, fields in m_rows:
        key = fields[0]
        value = ";".join(fields[1:]) if len(fields) > 1 else ""
        if key in meta:
            errors.append((line, f"META key {key!r} repeated"))
        meta[key] = value
        meta_lines[key] = line
    budget = Fraction(0)
    vote_type = meta.get("vote_type", "").strip()
    for key in ("budget", "vote_type", "num_projects", "num_votes"):
        if key not in meta:
            errors.append((m_header_line, f"META lacks required key {key!r}"))
    if "budget" in meta:
        try:
            budget = parse_number(meta["budget"])
            if budget < 0:
                raise ValueError
        except (ValueError, ZeroDivisionError):
            errors.append((meta_lines["budget"], f"budget {meta['budget']!r} is not a non-negative number"))
    if "vote_type" in meta and vote_type not in VOTE_TYPES:
        errors.append((meta_lines["vote_type"], f"unknown vote_type {vote_type!r}"))

    # ---- PROJECTS
    projects: dict[str, Project] = {}
    invalid_ids: set[str] = set()  # rows already reported; votes for them are not re-reported
    p_header_line, p_header, p_rows = sections["PROJECTS"]
    for required in ("project_id", "cost"):
        if required not in p_header:
            errors.append((p_header_line, f"PROJECTS header lacks column {required!r}"))
    if "project_id" in p_header and "cost" in p_header:
        for line, fields in p_rows:
            if len(fields) != len(p_header):
                errors.append((line, f"expected {len(p_header)} fields, found {len(fields)}"))
                continue
            row = dict(zip(p_header, fields, strict=True))
            pid, cost_text = row["project_id"], row["cost"]
            if not pid:
                errors.append((line, "empty project_id"))
                continue
            if pid in projects:
                errors.append((line, f"duplicate project_id {pid!r} (first on line {projects[pid].line})"))
                continue
            try:
                cost = parse_number(cost_text)
                if cost < 0:
                    raise ValueError
            except (ValueError, ZeroDivisionError):
                errors.append((line, f"project {pid!r}: cost {cost_text!r} is not a non-negative number"))
                invalid_ids.add(pid)
                continue
            projects[pid] = Project(pid, cost, line, row)
    _check_count(meta, meta_lines, "num_projects", len(p_rows), errors)

    # ---- VOTES
    ballots: list[Ballot] = []
    v_header_line, v_header, v_rows = sections["VOTES"]
    for required in ("voter_id", "vote"):
        if required not in v_header:
            errors.append((v_header_line, f"VOTES header lacks column {required!r}"))
    has_points = vote_type in ("cumulative", "scoring")
    if has_points and "points" not in v_header:
        errors.append((v_header_line, f"VOTES header lacks column 'points' required for {vote_type}"))
    if "voter_id" in v_header and "vote" in v_header and (not has_points or "points" in v_header):
        seen_voters: dict[str, int] = {}
        for line, fields in v_rows:
            if len(fields) != len(v_header):
                errors.append((line, f"expected {len(v_header)} fields, found {len(fields)}"))
                continue
            row = dict(zip(v_header, fields, strict=True))
            vid = row["voter_id"]
            if vid in seen_voters:
                errors.append((line, f"duplicate voter_id {vid!r} (first on line {seen_voters[vid]})"))
                continue
            seen_voters[vid] = line
            ids = _split_list(row["vote"])
            unknown = [p for p in ids if p not in projects and p not in invalid_ids]
            if any(p in invalid_ids for p in ids) and not unknown:
                continue  # the project's own line already carries the error
            if unknown:
                errors.append((line, f"voter {vid!r}: unknown project id(s) {', '.join(map(repr, unknown))}"))
                continue
            points = None
            if vote_type in ("approval", "choose-1"):
                ids = list(dict.fromkeys(ids))  # an approval ballot is a set
                if vote_type == "choose-1" and len(ids) > 1:
                    errors.append((line, f"voter {vid!r}: choose-1 ballot lists {len(ids)} projects"))
                    continue
            else:
                if len(set(ids)) != len(ids):
                    errors.append((line, f"voter {vid!r}: a project is listed twice"))
                    continue
                if has_points:
                    try:
                        points = tuple(parse_number(x) for x in _split_list(row["points"]))
                    except (ValueError, ZeroDivisionError):
                        errors.append((line, f"voter {vid!r}: points {row['points']!r} are not numbers"))
                        continue
                    if len(points) != len(ids):
                        errors.append((line, f"voter {vid!r}: {len(ids)} projects but {len(points)} points"))
                        continue
            ballots.append(Ballot(vid, tuple(ids), points, line, row))
    _check_count(meta, meta_lines, "num_votes", len(v_rows), errors)
    if errors:
        raise PabulibError(sorted(errors))
    return PBInstance(meta=meta, projects=projects, ballots=ballots, budget=budget, vote_type=vote_type)


def _check_count(meta, meta_lines, key, actual, errors) -> None:
    if key not in meta:
        return
    try:
        declared = int(meta[key].strip())
    except ValueError:
        errors.append((meta_lines[key], f"{key} {meta[key]!r} is not an integer"))
        return
    if declared != actual:
        section = "PROJECTS" if key == "num_projects" else "VOTES"
        errors.append((meta_lines[key], f"{key} is {declared} but section {section} has {actual} rows"))
