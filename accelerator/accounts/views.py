from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accelerator.calendar import feed_url
from accelerator.companies import selectors as company_selectors

from .forms import ProfileForm
from .models import Role


def home(request):
    """The front page; a mentor with no company of their own is at home on their mentoring page."""
    user = request.user
    mentor_only = user.is_authenticated and user.has_role(Role.MENTOR) and not user.is_program_staff
    if mentor_only and not user.memberships.exists():
        return redirect("cohorts:mentoring")
    context = {"directory_counts": company_selectors.directory_counts()}
    if user.is_authenticated:
        context["my_memberships"] = company_selectors.memberships_of(user)
    return render(request, "home.html", context)


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
    return render(request, "account/profile.html", {"form": form, "calendar_feed_url": feed_url(request.user)})
