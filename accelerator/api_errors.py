"""The one translator from service errors to API responses.

Services raise Django's `ValidationError` and `PermissionDenied` with messages in the
active language; the API lets them propagate and this handler turns them into a 400 with
the same field-keyed shape DRF's own validation errors have, or a 403 that keeps the
service's message. Views reshape a 400 only where a resource's fields differ from the
service's argument names (`reshape_validation_errors`).
"""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def as_api_validation_error(error: DjangoValidationError) -> exceptions.ValidationError:
    """A service's ValidationError as DRF's: field errors keyed by field, the rest under non_field_errors."""
    detail = get_error_detail(error)
    if not isinstance(detail, dict):
        return exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: detail})
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return exceptions.ValidationError(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = as_api_validation_error(exc)
        reshape = getattr(context.get("view"), "reshape_validation_errors", None)
        if reshape is not None and isinstance(exc.detail, dict):
            exc = exceptions.ValidationError(reshape(exc.detail))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)
