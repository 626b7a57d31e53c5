"""One CSRF token for all the forms of a response (accelerator.csrf)."""

from django.middleware.csrf import _unmask_cipher_token, rotate_token
from django.test import RequestFactory

from accelerator.csrf import page_token


def test_a_request_keeps_one_token_until_its_secret_is_rotated():
    request = RequestFactory().get("/")
    first = page_token(request)
    assert page_token(request) == first
    assert _unmask_cipher_token(first) == request.META["CSRF_COOKIE"]
    rotate_token(request)  # as a sign-in does
    after = page_token(request)
    assert after != first
    assert _unmask_cipher_token(after) == request.META["CSRF_COOKIE"]
