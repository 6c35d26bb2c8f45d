"""Endpoints registered by features: ``register("petitions", PetitionViewSet, "petition")``.

A registry, not imports: core cannot import features (``participation.checks``), and the
assembly in ``participation.config.api`` mounts what each feature's ``ready()`` declared.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Endpoint:
    prefix: str
    viewset: type
    basename: str


_endpoints: dict[str, Endpoint] = {}


def register(prefix: str, viewset: type, basename: str) -> None:
    """Declare ``/api/v1/<prefix>/`` and ``/api/v1/<prefix>/{id}/``. Registering the same
    prefix again replaces it (``ready()`` may run more than once in tests)."""
    _endpoints[prefix] = Endpoint(prefix, viewset, basename)


def endpoints() -> list[Endpoint]:
    """Every registered endpoint, by prefix, so the schema and the index are in a stable order."""
    return [_endpoints[prefix] for prefix in sorted(_endpoints)]
