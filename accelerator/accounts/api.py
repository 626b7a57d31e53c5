from .middleware import apply_user_preferences


class UserPreferencesMixin:
    """Answers a token-authenticated client in the user's language and time zone.

    Session users get this from UserPreferencesMiddleware; token users are only known once
    DRF has authenticated the request, so the API views apply the same preferences here.
    """

    def initial(self, request, *args, **kwargs):
        # Before DRF's own checks, so that a refusal (a permission, a throttle) is worded
        # in the user's language too. Reading request.user authenticates.
        if request.user.is_authenticated:
            apply_user_preferences(request, request.user)
        super().initial(request, *args, **kwargs)
