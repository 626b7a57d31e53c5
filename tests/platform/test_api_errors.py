"""One translator turns a service's refusal into a 400 or 403 the client can read."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from django.utils.translation import gettext as _
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from ..cohorts.fixtures_api import api


class _Refusing(APIView):
    permission_classes = [AllowAny]

    def post(self, request):
        kind = request.data.get("kind")
        if kind == "fields":
            raise ValidationError({"seats": [_("Enter a whole number.")], "__all__": [_("This field is required.")]})
        if kind == "message":
            raise ValidationError(_("This field is required."))
        if kind == "denied":
            raise PermissionDenied(_("Only program staff can do this."))
        return Response({"ok": True})


class _Reshaping(_Refusing):
    @staticmethod
    def reshape_validation_errors(detail):
        return {"cohort_" + name: errors for name, errors in detail.items()}


urlpatterns = [path("refuse/", _Refusing.as_view()), path("reshape/", _Reshaping.as_view())]


def _post(url, kind, language="en"):
    return APIClient().post(url, {"kind": kind}, format="json", headers={"accept-language": language})


def test_field_errors_become_a_400_keyed_by_field(settings):
    settings.ROOT_URLCONF = __name__
    response = _post("/refuse/", "fields")
    assert response.status_code == 400
    assert response.json() == {"seats": ["Enter a whole number."], "non_field_errors": ["This field is required."]}


def test_a_plain_message_becomes_a_non_field_error_in_the_users_language(settings):
    settings.ROOT_URLCONF = __name__
    response = _post("/refuse/", "message", language="ja")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["この項目は必須です。"]}


def test_permission_denied_keeps_its_message(settings):
    settings.ROOT_URLCONF = __name__
    response = _post("/refuse/", "denied", language="ja")
    assert response.status_code == 403
    assert response.json() == {"detail": "この操作はプログラムスタッフのみが行えます。"}


def test_a_view_may_reshape_field_errors(settings):
    settings.ROOT_URLCONF = __name__
    response = _post("/reshape/", "fields")
    assert response.status_code == 400
    assert set(response.json()) == {"cohort_seats", "cohort_non_field_errors"}


def test_success_is_untouched(settings):
    settings.ROOT_URLCONF = __name__
    assert _post("/refuse/", "none").json() == {"ok": True}


def test_an_unknown_api_address_is_a_json_404(staff):
    client = api(staff)
    for response in (
        client.post("/api/v1/applications/0.5/decision/", {"decision": "accept"}, format="json"),
        client.get("/api/v1/no-such-thing/"),
        client.post("/api/v1/meetings/2/motions/%C2%84/close/"),
    ):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Not found."}


def test_an_empty_page_number_is_refused(staff):
    response = api(staff).get("/api/v1/companies/?page=")

    assert response.status_code == 404
    assert response.json() == {"detail": "Give a page number, or leave page out."}
