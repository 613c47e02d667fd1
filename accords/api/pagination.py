from rest_framework.pagination import PageNumberPagination


class BoundedPageNumberPagination(PageNumberPagination):
    """``?page=N`` and ``?page_size=N`` (at most 500; 50 by default)."""

    page_size_query_param = "page_size"
    max_page_size = 500
