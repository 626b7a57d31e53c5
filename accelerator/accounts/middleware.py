import zoneinfo

from django.utils import timezone, translation


def apply_user_preferences(request, user) -> None:
    """Shows a signed-in user the site in their preferred language and time zone."""
    if user.preferred_language:
        translation.activate(user.preferred_language)
        request.LANGUAGE_CODE = user.preferred_language
    try:
        timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        timezone.deactivate()


class UserPreferencesMiddleware:
    """Applies a session user's language and time zone to every page.

    Anonymous visitors get the language from their cookie or browser (LocaleMiddleware)
    and UTC; every rendered date names its zone either way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The language LocaleMiddleware chose for this request, put back afterwards: a
        # user's language must not stay active on the thread for whatever runs next.
        request_language = translation.get_language()
        if request.user.is_authenticated:
            apply_user_preferences(request, request.user)
        else:
            timezone.deactivate()
        try:
            response = self.get_response(request)
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        finally:
            translation.activate(request_language)
            timezone.deactivate()
