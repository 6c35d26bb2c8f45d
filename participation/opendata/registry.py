"""The open-data catalogue: every public dataset, declared by the feature that owns the rows.

The core cannot know what a petition or a meeting is (it never imports a feature), so each
feature describes its tables here from its ``AppConfig.ready()`` (``<feature>/opendata.py``):
the columns with their Table Schema types and constraints, the keys that tie tables together,
and a function that returns its public rows through the feature's own selectors. The catalogue
page, the Frictionless ``datapackage.json`` and the CSV/JSON downloads are all drawn from this
one list, so a dataset is described once and the three can never disagree. Another feature (the
transparency report snapshots, for one) adds its tables with ``register`` the same way, and a
resource that is not a table (the ballots' ``.pb`` files) with ``register_files``.

Titles and descriptions are written here in all three languages rather than through gettext:
the data package must carry every language at once (``descriptions: {"uz", "ru", "en"}``), in
one response, whatever the reader's language.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.db.models.functions import Coalesce, Greatest

TYPES = ("integer", "number", "string", "date", "datetime", "boolean")


@dataclass(frozen=True)
class Text:
    """One text in the three languages of the site."""

    en: str
    uz: str
    ru: str

    def as_dict(self) -> dict[str, str]:
        return {"uz": self.uz, "ru": self.ru, "en": self.en}

    def get(self, language: str) -> str:
        return getattr(self, (language or "en").split("-")[0], "") or self.en


@dataclass(frozen=True)
class Column:
    """A column of a table, as Table Schema describes a field.

    ``enum`` lists every value the column may hold (a status); ``minimum`` is 0 for counts and
    sums in soum; ``required`` and ``unique`` as in Table Schema (an id is both)."""

    name: str
    type: str
    description: Text
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] = ()
    minimum: int | None = None

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: Table Schema type {self.type!r} is not one of {TYPES}")


@dataclass(frozen=True)
class ForeignKey:
    """``columns`` of this table point at the primary key of dataset ``resource``."""

    columns: tuple[str, ...]
    resource: str
    reference: tuple[str, ...] = ("id",)


@dataclass(frozen=True)
class Dataset:
    """A public table. ``rows()`` returns a queryset of tuples in the order of ``columns``
    (``values_list``): one query whatever the number of rows, read in chunks when streamed.
    ``modified`` names the queryset's latest-change field (or ``None`` when the rows carry no
    date): the catalogue and the package read row count and last change in one aggregate."""

    name: str
    title: Text
    description: Text
    columns: tuple[Column, ...]
    rows: Callable[[], QuerySet]
    modified: str | None = None
    primary_key: tuple[str, ...] = ("id",)
    foreign_keys: tuple[ForeignKey, ...] = ()
    position: int = 100

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]


@dataclass(frozen=True)
class FileResource:
    """A published file that is not a table (a ``.pb`` of ballots): listed in the package with
    its own format; ``path`` is its absolute address on the site."""

    name: str
    title: Text
    description: Text
    path: str
    format: str
    mediatype: str
    last_modified: datetime | None = None
    extra: dict = field(default_factory=dict)


_datasets: dict[str, Dataset] = {}
_file_sources: list[Callable[[], Iterable[FileResource]]] = []


def register(*datasets: Dataset) -> None:
    """Add tables to the catalogue (from an ``AppConfig.ready()``). A name is a stable address
    (``/open-data/<name>.csv``): registering it twice is a mistake, not an update."""
    for dataset in datasets:
        if dataset.name in _datasets and _datasets[dataset.name] != dataset:
            raise ValueError(f"open-data dataset {dataset.name!r} is registered twice")
        _datasets[dataset.name] = dataset


def register_files(source: Callable[[], Iterable[FileResource]]) -> None:
    """Add a function that lists non-tabular files (read each time the package is built, since
    files appear as results are published)."""
    if source not in _file_sources:
        _file_sources.append(source)


def datasets() -> list[Dataset]:
    """Every registered table, in catalogue order."""
    return sorted(_datasets.values(), key=lambda dataset: (dataset.position, dataset.name))


def dataset_get(name: str) -> Dataset | None:
    return _datasets.get(name)


def file_resources() -> list[FileResource]:
    return [resource for source in _file_sources for resource in source()]


def latest_of(first: str, *others: str) -> Greatest:
    """The latest of a row's dates, for a dataset's ``modified``: ``first`` always set, the
    others when they are. PostgreSQL's GREATEST skips NULLs, SQLite's (``make run``) answers
    NULL if any is: each later date falls back to ``first``, so both give the same."""
    return Greatest(first, *(Coalesce(name, first) for name in others))
