"""The API's filter backend: a filter given a value it cannot use is refused, not ignored.

django-filter reads an empty value as "no filter" and a yes/no filter's unknown value
(`?submitted=null`) as "either", which serves web forms well (their "any" choice is an
empty value) but lets an API client believe it filtered when it did not.
"""

from django.utils.translation import gettext as _
from django_filters import BooleanFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

BOOLEAN_VALUES = ("true", "false")


class StrictFilterBackend(DjangoFilterBackend):
    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        errors = {}
        for name, declared in filterset.filters.items():
            for value in request.query_params.getlist(name):
                if value == "":
                    errors[name] = [_("Give a value, or leave this filter out.")]
                elif isinstance(declared, BooleanFilter) and value not in BOOLEAN_VALUES:
                    errors[name] = [_("Use true or false.")]
        if errors:
            raise ValidationError(errors)
        return filterset
