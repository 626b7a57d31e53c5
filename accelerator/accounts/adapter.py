"""django-allauth, adapted: sign-in attempts back off per account and per address, and a
person is signed in to their own language and zone from the first message on."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import ngettext

from accelerator import ratelimits
from accelerator.accounts.models import Role

from .middleware import apply_user_preferences


def _login(credentials: dict) -> str:
    return credentials.get("email") or credentials.get("username") or ""


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """Council members who belong to no company land on their councils: meetings, actions, proposals."""
        user = request.user
        if user.has_role(Role.COUNCIL_MEMBER) and not user.memberships.exists():
            return reverse("councils:home")
        return super().get_login_redirect_url(request)

    def pre_authenticate(self, request, **credentials):
        wait = ratelimits.sign_in_wait(request, _login(credentials))
        if wait:
            raise forms.ValidationError(
                ngettext(
                    "Too many failed sign-in attempts. Try again in %(seconds)d second.",
                    "Too many failed sign-in attempts. Try again in %(seconds)d seconds.",
                    wait,
                )
                % {"seconds": wait},
                code="too_many_login_attempts",
            )
        super().pre_authenticate(request, **credentials)

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            ratelimits.sign_in_succeeded(request, _login(credentials))
        return user

    def authentication_failed(self, request, **credentials):
        ratelimits.sign_in_failed(request, _login(credentials))
        super().authentication_failed(request, **credentials)

    def login(self, request, user) -> None:
        super().login(request, user)
        # The request began in the session's language; "Signed in as …" and the page
        # after it are in the user's.
        apply_user_preferences(request, user)

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        if user.preferred_language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.preferred_language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
