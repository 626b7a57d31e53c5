from allauth.mfa.webauthn.forms import AddWebAuthnForm
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import User
from .time_zones import time_zone_choices_for_people


class TimeZoneSelect(forms.Select):
    """A zone list the browser may preselect from its own zone (static/js/time-zone.js)."""

    def __init__(self, attrs=None, *, from_browser: bool = False):
        attrs = {**(attrs or {}), "class": "time-zone"}
        if from_browser:
            attrs["data-from-browser"] = "true"
        super().__init__(attrs)


def time_zone_field(*, from_browser: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Time zone"),
        required=not from_browser,
        choices=time_zone_choices_for_people,
        widget=TimeZoneSelect(from_browser=from_browser),
        help_text=_("Deadlines and meetings are shown in this zone."),
    )


class ProfileForm(forms.ModelForm):
    time_zone = time_zone_field()

    class Meta:
        model = User
        fields = ["display_name", "preferred_language", "time_zone"]


class SignupDetailsForm(forms.Form):
    """What sign-up asks besides email and password (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    time_zone = time_zone_field(from_browser=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Without JavaScript, a Japanese page guesses Japan; the browser's zone wins otherwise.
        self.fields["time_zone"].initial = self.guessed_time_zone()

    @staticmethod
    def guessed_time_zone() -> str:
        return "Asia/Tokyo" if translation.get_language() == "ja" else "America/New_York"

    def signup(self, request, user) -> None:
        user.time_zone = self.cleaned_data.get("time_zone") or self.guessed_time_zone()
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        user.save(update_fields=["time_zone", "preferred_language"])


class AddSecurityKeyForm(AddWebAuthnForm):
    """allauth's form for adding a security key, with its name labelled in the reader's language."""

    name = forms.CharField(label=_("Name of the key"), required=False)
