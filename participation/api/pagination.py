"""Page-number pagination with a bounded page size.

Page numbers (not cursors) because every list is also a page on the site with the same order,
and a journalist can quote "page 3". The bound keeps one request from reading a whole table.
"""

from rest_framework.pagination import PageNumberPagination

PAGE_SIZE = 20
PAGE_SIZE_MAX = 100


class PublicPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = PAGE_SIZE_MAX
