from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accelerator.calendar import feed_url

from .forms import ProfileForm
from .second_factor import FACTORS, requires_second_factor


@require_POST
def set_language(request):
    """Switches the interface language and, for a signed-in user, remembers it on the profile."""
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language"])
    return django_set_language(request)


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        response = redirect("account_profile")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.instance.preferred_language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response
    context = {
        "form": form,
        "calendar_feed_url": feed_url(request.user),
        "has_authenticator": Authenticator.objects.filter(user=request.user, type__in=FACTORS).exists(),
        "second_factor_required": requires_second_factor(request.user),
    }
    return render(request, "account/profile.html", context)
