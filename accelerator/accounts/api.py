from .middleware import apply_user_preferences


class UserPreferencesMixin:
    """Answers a token-authenticated client in the user's language and time zone.

    Session users get this from UserPreferencesMiddleware; token users are only known once
    DRF has authenticated the request, so the API views apply the same preferences here.
    """

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.user.is_authenticated:
            apply_user_preferences(request, request.user)
