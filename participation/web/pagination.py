"""Pagination that costs the same on the last browsable page as on the first."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
    """Django's paginator with at most ``max_pages`` pages to browse.

    Page N of a list is read with ``OFFSET``: the database steps over every row above it, so
    a deep page costs as much as the list is long. Past ``max_pages`` the paginator stops: a
    page number beyond it gives the last browsable page, as a number past the end always has,
    and ``truncated`` lets the page say how to reach the rest (filters, search, open data).
    ``count`` stays the number of every row in the list.
    """

    def __init__(self, object_list, per_page, *, max_pages: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = max_pages

    @cached_property
    def pages_in_list(self) -> int:
        return Paginator.num_pages.func(self)

    @cached_property
    def num_pages(self) -> int:
        return min(self.pages_in_list, self.max_pages)

    @property
    def truncated(self) -> bool:
        return self.pages_in_list > self.max_pages
