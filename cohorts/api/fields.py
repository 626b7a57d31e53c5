"""Fields the cohort API's serializers share."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.fields import empty

from accelerator.api_parsers import UnacceptableJSON, load_json


class ScalarMapField(serializers.Field):
    """A JSON object of text, numbers or nulls; in a multipart form, one field holding that JSON."""

    default_error_messages = {
        "not_an_object": _("Send a JSON object."),
        "not_a_scalar": _("Send text, a number or null."),
    }

    def get_value(self, dictionary):
        return dictionary.get(self.field_name, empty)

    def to_internal_value(self, data) -> dict[str, str | int | float | None]:
        if isinstance(data, str):
            try:
                data = load_json(data)
            except UnacceptableJSON as error:
                raise ValidationError(str(error)) from None
        if not isinstance(data, Mapping):
            self.fail("not_an_object")
        errors = {str(key): [message] for key, value in data.items() if (message := self._value_error(value))}
        if errors:
            raise ValidationError(errors)
        return {str(key): value for key, value in data.items()}

    def to_representation(self, value):
        return value

    def _value_error(self, value) -> StrOrPromise | None:
        if isinstance(value, bool) or not isinstance(value, str | int | float | type(None)):
            return self.error_messages["not_a_scalar"]
        return None


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"oneOf": [{"type": "string"}, {"type": "number"}], "nullable": True},
        "description": 'Answers by question id: text, the English choice, a number, or null or "" to clear one.',
    }
)
class AnswersField(ScalarMapField):
    pass


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 5},
        "description": "Scores from 1 to 5 by criterion code.",
    }
)
class ScoresField(ScalarMapField):
    pass


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": True,
        "description": "The company's profile, readiness self-assessment and compliance readiness as submitted.",
    }
)
class SnapshotField(serializers.JSONField):
    pass
