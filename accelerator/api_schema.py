"""The OpenAPI schema as the API behaves: its error responses, and its enums as they are sent."""

import copy

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers
from rest_framework.request import Request

from .api_filters import StrictFilterBackend


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in the user's language."))


VALIDATION_ERRORS = {
    "type": "object",
    "description": _(
        "Messages in the user's language, by field name (a list of messages, or an object of them for a "
        "field holding several values); `non_field_errors` for the request as a whole; `detail` when the "
        "body could not be read."
    ),
    "additionalProperties": {},
}


class AutoSchema(openapi.AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        # A read-only choice stored with blank=True is sent as "" when unset: say so.
        if isinstance(field, serializers.ChoiceField) and field.read_only and not field.allow_blank:
            model_field = _model_field(field)
            if model_field is not None and model_field.blank:
                field = copy.copy(field)
                field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        # Fields a serializer leaves out for some users (`Meta.left_out_for_some`) are not required.
        left_out = getattr(getattr(serializer, "Meta", None), "left_out_for_some", ())
        if direction == "response" and left_out and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in left_out]
            if not schema["required"]:
                del schema["required"]
        return schema

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        strict = [backend for backend in self.get_filter_backends() if issubclass(backend, StrictFilterBackend)]
        if strict:
            # The filter backend refuses an empty value (`?status=`) rather than ignoring it.
            names = set()
            for backend in strict:
                filterset_class = backend().get_filterset_class(self.view, self.view.get_queryset())
                names |= set(filterset_class.base_filters) if filterset_class else set()
            for parameter in parameters:
                schema = parameter.get("schema", {})
                if parameter.get("name") in names and schema.get("type") == "string":
                    schema.setdefault("minLength", 1)
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, (body, description) in self._error_responses().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(OpenApiResponse(body, description), code)
        return responses

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        if status_code == "429":
            headers["Retry-After"] = {
                "schema": {"type": "integer"},
                "description": _("Seconds to wait before trying again."),
            }
        return headers

    def get_auth(self):
        auths = super().get_auth()
        # Reads that anyone may make (public councils and their meetings) need no token: say so,
        # as drf-spectacular does for AllowAny, whatever the permission class is called.
        if {} not in auths and self._anonymous_may_call():
            auths.append({})
        return auths

    def _error_responses(self) -> dict:
        writes = self.method in ("POST", "PUT", "PATCH")
        detail = "{" in self.path
        errors = {}
        # A delete is refused with messages too, when a service's rule forbids it.
        if writes or self.method == "DELETE" or not detail or self.get_filter_backends():
            errors["400"] = (self._validation_errors(), _("The request was refused; the messages say why."))
        if not self._open_to_anyone():
            errors["401"] = (ErrorSerializer, _("Not signed in: send a token (Authorization: Token …)."))
        errors["403"] = (ErrorSerializer, _("Not allowed for this user."))
        # Every operation can name an object the user cannot see, in its path or its body.
        errors["404"] = (ErrorSerializer, _("Not found, or not visible to this user (or no such page)."))
        if writes:
            errors["415"] = (ErrorSerializer, _("A body of a media type this endpoint does not read."))
        errors["429"] = (ErrorSerializer, _("Too many requests: wait for the seconds in Retry-After."))
        return errors

    def _validation_errors(self) -> dict:
        component = ResolvedComponent(
            name="ValidationErrors", type=ResolvedComponent.SCHEMA, object="ValidationErrors", schema=VALIDATION_ERRORS
        )
        self.registry.register_on_missing(component)
        return component.ref

    def _open_to_anyone(self) -> bool:
        return all(isinstance(permission, permissions.AllowAny) for permission in self.view.get_permissions())

    def _anonymous_may_call(self) -> bool:
        """Whether the view's permissions let a request without credentials through for this method."""
        request = Request(RequestFactory().generic(self.method, self.path))
        request.user = AnonymousUser()
        try:
            return all(permission.has_permission(request, self.view) for permission in self.view.get_permissions())
        except Exception:
            return False


def _model_field(field):
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return None
    try:
        return model._meta.get_field(field.source)
    except Exception:
        return None
