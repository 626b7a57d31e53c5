"""A second factor (allauth MFA: TOTP and recovery codes) for staff, superusers and reviewers.

They may sign in with a password alone, but reach nothing beyond their account pages
until the session has passed the second factor: those without an authenticator are sent
to set one up, those with one (whose session began some other way) to confirm a code.
Everyone else may turn it on in their account and is then asked for it at sign-in.
"""

from datetime import UTC, datetime

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .models import Role, User

# Pages a user who still owes the second factor may open: signing in and out, setting up
# or giving the second factor, and the site's plumbing.
OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz", "/favicon")


# What counts as a second factor: recovery codes are only its fallback.
FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def requires_second_factor(user: User) -> bool:
    return user.is_superuser or user.is_staff or bool(user.roles & {Role.STAFF, Role.REVIEWER})


def passed_second_factor(request) -> bool:
    """Whether this session gave a second factor, or set one up (which proves the same)."""
    records = get_authentication_records(request, request.user)
    if any(record.get("method") == "mfa" for record in records):
        return True
    started = min((record["at"] for record in records if "at" in record), default=None)
    if started is None:
        return False
    since = datetime.fromtimestamp(started, tz=UTC)
    return Authenticator.objects.filter(user=request.user, type__in=FACTORS, created_at__gte=since).exists()


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and requires_second_factor(user)
            and not passed_second_factor(request)
        ):
            return self._ask_for_it(request, user)
        return self.get_response(request)

    def _ask_for_it(self, request, user):
        if request.path.startswith("/api/"):
            message = _("Your role needs two-factor authentication: set it up or confirm it in your account first.")
            return JsonResponse({"detail": message}, status=403)
        if Authenticator.objects.filter(user=user, type__in=FACTORS).exists():
            messages.info(request, _("Confirm your second factor (authenticator app or security key) to continue."))
            target = reverse("mfa_reauthenticate")
        else:
            messages.warning(
                request,
                _(
                    "Program staff, reviewers and admins must turn on two-factor authentication "
                    "before opening these pages. Set up an authenticator app or a security key to continue."
                ),
            )
            target = reverse("mfa_index")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
