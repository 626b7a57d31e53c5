"""The API's pages: `?page=` with no number is refused like any page that does not exist."""

from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound


class PageNumberPagination(pagination.PageNumberPagination):
    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) == "":
            # DRF reads an empty value as the first page; a client that sent one meant a page.
            raise NotFound(_("Give a page number, or leave page out."))
        return super().get_page_number(request, paginator)
