"""Serializer fields the API shares."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's slug lookup, refusing a NUL character (which PostgreSQL cannot compare) before the query."""

    default_error_messages = {"null_characters": _("Null characters are not allowed.")}

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("null_characters")
        return super().to_internal_value(data)
