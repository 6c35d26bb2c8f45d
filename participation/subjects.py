"""What a meeting (or anything else in the core) may be about, across features.

A feature that may not be imported by another (meetings may not import proposals) registers its
linkable rows here in its ``AppConfig.ready()``: how they are called, which of them are public,
and where they live. A reader gets each link's title and address in one query per kind.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.urls import reverse


@dataclass(frozen=True)
class SubjectKind:
    model: type[Model]
    code: str  # how staff name the kind when they link a row ("petition 12")
    name: object  # a lazy translated name of the kind ("Petition")
    url_name: str  # a route taking the row's pk
    public: Callable[[QuerySet], QuerySet]  # narrows a queryset to the rows anybody may see


@dataclass(frozen=True)
class SubjectLink:
    content_type_id: int
    object_id: int
    kind: object
    title: str
    url: str


_KINDS: dict[str, SubjectKind] = {}


def register_subject(
    model: type[Model], *, code: str, name, url_name: str, public: Callable[[QuerySet], QuerySet]
) -> None:
    _KINDS[model._meta.label_lower] = SubjectKind(model=model, code=code, name=name, url_name=url_name, public=public)


def subject_find(code: str, pk: int) -> Model | None:
    """The public row ``pk`` of the kind staff call ``code`` ("petition"), or None."""
    kind = next((kind for kind in _KINDS.values() if kind.code == code), None)
    if kind is None:
        return None
    return kind.public(kind.model.objects.filter(pk=pk)).first()


def subject_code(obj: Model) -> str:
    kind = _KINDS.get(obj._meta.label_lower)
    return f"{kind.code} {obj.pk}" if kind else ""


def subject_kinds() -> list[SubjectKind]:
    return list(_KINDS.values())


def subject_kind_of(content_type: ContentType) -> SubjectKind | None:
    return _KINDS.get(f"{content_type.app_label}.{content_type.model}")


def subject_is_public(obj: Model) -> bool:
    """Whether ``obj`` is of a registered kind and public: nothing private is linked."""
    kind = _KINDS.get(obj._meta.label_lower)
    return kind is not None and kind.public(kind.model.objects.filter(pk=obj.pk)).exists()


def subject_links(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], SubjectLink]:
    """(content type id, object id) → link, for the public rows among ``pairs``; one query per
    kind present (a meeting links a handful of rows of at most three kinds)."""
    by_type: dict[int, set[int]] = {}
    for type_id, object_id in pairs:
        by_type.setdefault(type_id, set()).add(object_id)
    links = {}
    for type_id, ids in by_type.items():
        kind = subject_kind_of(ContentType.objects.get_for_id(type_id))
        if kind is None:
            continue
        for row in kind.public(kind.model.objects.filter(pk__in=ids)):
            links[(type_id, row.pk)] = SubjectLink(
                content_type_id=type_id,
                object_id=row.pk,
                kind=kind.name,
                title=str(row),
                url=reverse(kind.url_name, args=[row.pk]),
            )
    return links
