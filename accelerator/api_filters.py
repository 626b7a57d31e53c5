"""The API's filter backend: a filter given a value it cannot use is refused, not ignored.

django-filter reads an empty value as "no filter" and a yes/no filter's unknown value
(`?submitted=null`) as "either", which serves web forms well (their "any" choice is an
empty value) but lets an API client believe it filtered when it did not.
"""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django_filters import BooleanFilter, NumberFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

BOOLEAN_VALUES = ("true", "false")
# Whole numbers the databases store (64-bit); larger ones cannot be compared with a column.
LARGEST = 2**63 - 1


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
                elif isinstance(declared, NumberFilter) and _beyond_storage(value):
                    errors[name] = [_("This number is too large to match anything.")]
        if errors:
            raise ValidationError(errors)
        return filterset


def _beyond_storage(value: str) -> bool:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return False  # the filter's own check names what is wrong
    return number.is_finite() and abs(number) > LARGEST
