from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DigestSetting, Introduction, Suggestion


class DismissForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why does it not fit?"), choices=Suggestion.DismissReason.choices)


class IntroductionRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who you are, what you propose and why now. They see your contact details only if they accept."),
    )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"), choices=[("accept", _("Accept")), ("decline", _("Decline"))], widget=forms.RadioSelect
    )
    reason = forms.ChoiceField(
        label=_("Reason for declining"),
        choices=[("", "—"), *Introduction.DeclineReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note (optional)"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DigestSettingForm(forms.ModelForm):
    class Meta:
        model = DigestSetting
        fields = ["frequency"]
