from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination


class BoundedPageNumberPagination(PageNumberPagination):
    """``?page=N`` (from 1; a page past the end is a 404) and ``?page_size=N`` (1 to 500; 50
    by default; an empty value means the default). A page size that is not a whole number in
    that range is a 400."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if not value:
            return self.page_size
        try:
            size = int(value)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("A whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def check_parameters(self, request):
        """Refuse a bad ``page`` or ``page_size`` of a list served whole (as CSV) as a paged
        list would: it ignores them, but does not pretend they made sense."""
        self.get_page_size(request)
        page = request.query_params.get(self.page_query_param)
        if page and page not in self.last_page_strings:
            try:
                valid = int(page) >= 1
            except ValueError:
                valid = False
            if not valid:
                raise NotFound(self.invalid_page_message)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
                parameter["description"] = (
                    f"Items per page, 1 to {self.max_page_size} (default {self.page_size})."
                )
        return parameters
