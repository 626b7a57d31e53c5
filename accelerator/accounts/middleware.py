import zoneinfo

from django.utils import timezone, translation


class UserPreferencesMiddleware:
    """Shows a signed-in user the site in their preferred language and time zone.

    Anonymous visitors get the language from their cookie or browser (LocaleMiddleware)
    and UTC; every rendered date names its zone either way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            if user.preferred_language:
                translation.activate(user.preferred_language)
                request.LANGUAGE_CODE = user.preferred_language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)
