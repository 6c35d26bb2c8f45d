"""The base of every public endpoint: anonymous, read-only, throttled, paginated, filtered.

A feature's viewset says which public rows it lists (``public_rows``, from the feature's own
public selector or status set) and what the shared filters apply to; this class does the rest
the same way for every list. No authentication class: the API never reads a session, so it
needs no CSRF and can never show what only a signed-in person may see.
"""

from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from participation.api.filters import PublicFilterBackend
from participation.api.pagination import PublicPagination
from participation.api.throttle import AddressRateThrottle


class PublicReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AddressRateThrottle]
    pagination_class = PublicPagination
    filter_backends = [PublicFilterBackend]
    # Ids are integers: anything else is a 404 from the URL resolver, never a database error.
    lookup_value_regex = r"[0-9]{1,18}"
    detail_serializer_class = None
    # What the shared filters apply to (participation.api.filters); empty leaves a filter out
    # of the list and of its schema.
    territory_field: str | None = "territory"
    choice_filters: dict = {}  # name: (lookup, choices)
    id_filters: dict = {}  # name: lookup
    date_field: str | None = None
    date_is_day = False

    def public_rows(self):
        """Every row the site shows publicly, in the order its list shows them."""
        raise NotImplementedError

    def public_detail_rows(self):
        """The rows a detail is looked up in: the public ones, with what the detail shows."""
        return self.public_rows()

    def get_queryset(self):
        return self.public_rows() if self.action == "list" else self.public_detail_rows()

    def get_serializer_class(self):
        if self.action != "list" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def filter_territory(self, queryset, territory):
        """Rows of ``territory`` and of everything inside it: a prefix of the materialised path."""
        return queryset.filter(**{f"{self.territory_field}__path__startswith": territory.path})

    def filter_choice(self, queryset, name: str, value: str):
        lookup, _choices = self.choice_filters[name]
        return queryset.filter(**{lookup: value})
