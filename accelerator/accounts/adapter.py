from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from .middleware import apply_user_preferences


class AccountAdapter(DefaultAccountAdapter):
    """Signs people in to their own language and zone from the first message on."""

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
