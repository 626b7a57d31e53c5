"""Forms of the mentor program's pages: they parse input; the services hold the rules."""

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from accelerator.accounts.time_zones import time_zone_choices_for_people
from accelerator.companies.models import CapabilityTag, Company, Segment, TechnologyArea
from accelerator.filter_choices import ListedModelChoiceField
from accelerator.filter_fields import PythonRenderer

from .models import (
    FunctionalExpertise,
    LanguageLevel,
    MentoringGoal,
    MentorProfile,
    MentorSession,
    OfficeHours,
)


class MentorProfileForm(forms.Form):
    country = MentorProfile._meta.get_field("country").formfield()
    time_zone = forms.ChoiceField(label=_("time zone"), choices=time_zone_choices_for_people)
    english = forms.ChoiceField(label=_("English"), choices=LanguageLevel.choices)
    japanese = forms.ChoiceField(label=_("Japanese"), choices=LanguageLevel.choices)
    bio_en = forms.CharField(label=_("biography in English"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    bio_ja = forms.CharField(label=_("biography in Japanese"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    segments = forms.ModelMultipleChoiceField(
        label=_("market segments"), queryset=Segment.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    technology_areas = forms.ModelMultipleChoiceField(
        label=_("technology areas"), queryset=TechnologyArea.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    expertise = forms.ModelMultipleChoiceField(
        label=_("capabilities"), queryset=CapabilityTag.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    functional_expertise = forms.ModelMultipleChoiceField(
        label=_("functional expertise"), queryset=FunctionalExpertise.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    capacity = forms.IntegerField(
        label=_("capacity"), min_value=1, max_value=10, help_text=_("How many startups you can mentor in one cohort.")
    )
    is_paused = forms.BooleanField(
        label=_("paused"), required=False, help_text=_("A paused mentor gets no new startups; current ones stay.")
    )
    meeting_url = forms.URLField(label=_("video call link"), required=False, assume_scheme="https")
    invests_in = forms.ModelMultipleChoiceField(
        label=_("companies you invest in"), queryset=Company.objects.order_by("legal_name"), required=False,
        help_text=_("You are never assigned to them."),
    )  # fmt: skip
    advises = forms.ModelMultipleChoiceField(
        label=_("companies you advise"), queryset=Company.objects.order_by("legal_name"), required=False,
        help_text=_("You are never assigned to them."),
    )  # fmt: skip

    @classmethod
    def initial_for(cls, profile: MentorProfile | None, user) -> dict:
        if profile is None:
            return {
                "time_zone": user.time_zone,
                "capacity": 2,
                "english": "native" if user.preferred_language == "en" else "none",
                "japanese": "native" if user.preferred_language == "ja" else "none",
            }
        conflicts = list(profile.conflicts.all())
        return {
            "country": profile.country,
            "time_zone": profile.time_zone,
            "english": profile.english,
            "japanese": profile.japanese,
            "bio_en": profile.bio_en,
            "bio_ja": profile.bio_ja,
            "segments": profile.segments.all(),
            "technology_areas": profile.technology_areas.all(),
            "expertise": profile.expertise.all(),
            "functional_expertise": profile.functional_expertise.all(),
            "capacity": profile.capacity,
            "is_paused": profile.is_paused,
            "meeting_url": profile.meeting_url,
            "invests_in": [c.company_id for c in conflicts if c.relationship == "invests"],
            "advises": [c.company_id for c in conflicts if c.relationship == "advises"],
        }


class OfficeHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("day of the week"), choices=OfficeHours.Weekday.choices, coerce=int)
    starts_at = forms.TimeField(label=_("starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(label=_("length (minutes)"), min_value=15, max_value=180, initial=30)


class ExceptionForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class SlotForm(forms.Form):
    """A slot chosen from the open ones, by its start as an ISO timestamp."""

    starts_at = forms.DateTimeField(label=_("time"), input_formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z"])
    agenda = forms.CharField(
        label=_("what to discuss"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class SessionLogForm(forms.Form):
    notes = forms.CharField(
        label=_("notes"), widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=10000
    )
    next_steps = forms.CharField(
        label=_("next steps"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
    private_notes = forms.CharField(
        label=_("private notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=10000,
        help_text=_("Only you see these."),
    )  # fmt: skip


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("rating"), choices=[(n, str(n)) for n in range(5, 0, -1)], coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )


class GoalForm(forms.Form):
    title = forms.CharField(label=_("goal"), max_length=200)


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=MentoringGoal.Status.choices)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("milestone"), max_length=200)
    due_on = forms.DateField(label=_("due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class WeightsForm(forms.Form):
    # Shown on every staff mentoring page: labels and number inputs are written without their templates.
    default_renderer = PythonRenderer()

    expertise = forms.DecimalField(label=_("weight of expertise"), min_value=0, max_value=10, decimal_places=2)
    language = forms.DecimalField(label=_("weight of a shared language"), min_value=0, max_value=10, decimal_places=2)
    overlap = forms.DecimalField(label=_("weight of working-hour overlap"), min_value=0, max_value=10, decimal_places=2)


class AssignForm(forms.Form):
    company = ListedModelChoiceField(label=_("startup"), queryset=Company.objects.none())
    mentor = ListedModelChoiceField(label=_("mentor"), queryset=MentorProfile.objects.none())

    def __init__(self, *args, startups=None, mentors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if startups is not None:
            self.fields["company"].queryset = startups
        if mentors is not None:
            self.fields["mentor"].queryset = mentors

    @classmethod
    def listing(cls, *, startups: Sequence[Company], mentors: Sequence[MentorProfile]) -> "AssignForm":
        """The empty form offering `startups` and `mentors`, rows the page has read already."""
        form = cls()
        for name, rows in (("company", startups), ("mentor", mentors)):
            field = form.fields[name]
            assert isinstance(field, ListedModelChoiceField)
            field.choices = [("", field.empty_label), *((row.pk, field.label_from_instance(row)) for row in rows)]
        return form


SESSION_STATUS = MentorSession.Status
