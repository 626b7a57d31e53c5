"""The one staff check: pages, the API and services ask the same predicate."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from accelerator.permissions import IsProgramStaff, is_program_staff, require_program_staff, staff_required


@staff_required
def _staff_page(request):
    return HttpResponse("staff only")


def _request(user):
    request = RequestFactory().get("/somewhere/?page=2")
    request.user = user
    return request


def test_it_counts_superusers_and_the_staff_role(staff, admin_user, outsider, reviewer):
    assert is_program_staff(staff)
    assert is_program_staff(admin_user)
    assert not is_program_staff(outsider)
    assert not is_program_staff(reviewer)
    assert not is_program_staff(AnonymousUser())
    assert not is_program_staff(None)


def test_it_sends_anonymous_visitors_to_sign_in():
    response = _staff_page(_request(AnonymousUser()))
    assert response.status_code == 302
    assert "next=/somewhere/%3Fpage%3D2" in response["Location"]


def test_it_refuses_signed_in_non_staff(outsider, reviewer):
    for user in (outsider, reviewer):
        with pytest.raises(PermissionDenied):
            _staff_page(_request(user))


def test_it_lets_staff_through(staff, admin_user):
    assert _staff_page(_request(staff)).content == b"staff only"
    assert _staff_page(_request(admin_user)).status_code == 200


def test_services_get_a_message_in_the_users_language(outsider):
    with translation.override("ja"), pytest.raises(PermissionDenied) as refused:
        require_program_staff(outsider)
    assert str(refused.value) == "この操作はプログラムスタッフのみが行えます。"


def test_the_api_permission_asks_the_same_predicate(staff, outsider):
    assert IsProgramStaff().has_permission(_request(staff), None)
    assert not IsProgramStaff().has_permission(_request(outsider), None)
    assert not IsProgramStaff().has_permission(_request(AnonymousUser()), None)
