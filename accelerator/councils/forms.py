"""Forms for council pages. They parse input; the services decide what is allowed."""

import zoneinfo
from datetime import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accelerator.accounts.models import User, time_zone_choices
from accelerator.companies.models import Company

from .models import ActionItem, AgendaItem, Attendance, Council, CouncilMembership, Language, Result, Vote


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Shows a service's refusal on the form: by field where the form has that field."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            field = name if name in form.fields else None
            for message in messages:
                form.add_error(field if name != NON_FIELD_ERRORS else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CouncilForm(forms.Form):
    slug = forms.SlugField(
        label=_("Address"), max_length=80, help_text=_("Letters, digits and hyphens, e.g. usj-space.")
    )
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    name_ja = forms.CharField(label=_("Name (Japanese)"), max_length=200, required=False)
    description_en = forms.CharField(label=_("Description (English)"), widget=forms.Textarea, required=False)
    description_ja = forms.CharField(label=_("Description (Japanese)"), widget=forms.Textarea, required=False)
    visibility = forms.ChoiceField(label=_("Who sees its pages"), choices=Council.Visibility.choices)
    quorum = forms.IntegerField(
        label=_("Quorum"), min_value=1, max_value=500, help_text=_("Voting members who must be present for a vote.")
    )


class CouncilPersonForm(forms.Form):
    email = forms.EmailField(label=_("Email address of a platform user"))
    role = forms.ChoiceField(label=_("Role"), choices=CouncilMembership.Role.choices)
    affiliation = forms.CharField(label=_("Affiliation"), max_length=200, required=False)

    def clean_email(self) -> User:
        user = User.objects.filter(email__iexact=self.cleaned_data["email"], is_active=True).first()
        if user is None:
            raise ValidationError(_("Nobody has an account with this address; ask them to sign up first."))
        return user


class MeetingForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    title_ja = forms.CharField(label=_("Title (Japanese)"), max_length=200, required=False)
    time_zone = forms.ChoiceField(label=_("Time zone of the meeting"), choices=time_zone_choices)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"])
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"])
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online meeting link"), required=False)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if zone_name:
            zone = zoneinfo.ZoneInfo(zone_name)
            for name in ("starts_at", "ends_at"):
                value = cleaned.get(name)
                if isinstance(value, datetime):
                    # The times are typed as the clock shows them in the meeting's own zone.
                    cleaned[name] = timezone.make_aware(timezone.make_naive(value), zone)
        return cleaned

    @staticmethod
    def initial_for(meeting) -> dict:
        zone = meeting.zone
        return {
            "title_en": meeting.title_en,
            "title_ja": meeting.title_ja,
            "time_zone": meeting.time_zone,
            "starts_at": timezone.localtime(meeting.starts_at, zone).replace(tzinfo=None),
            "ends_at": timezone.localtime(meeting.ends_at, zone).replace(tzinfo=None),
            "place": meeting.place,
            "online_url": meeting.online_url,
        }


class ItemTextForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    title_ja = forms.CharField(label=_("Title (Japanese)"), max_length=300, required=False)
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    description_ja = forms.CharField(
        label=_("Description (Japanese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=24 * 60)


class ProposalForm(ItemTextForm):
    pass


class AgendaItemForm(ItemTextForm):
    parent = forms.ModelChoiceField(
        label=_("Part of"), queryset=AgendaItem.objects.none(), required=False, empty_label=_("(top level)")
    )
    presenter = forms.ModelChoiceField(label=_("Presenter"), queryset=User.objects.none(), required=False)
    presenter_name = forms.CharField(label=_("Or a presenter from outside"), max_length=200, required=False)
    allow_overrun = forms.BooleanField(
        label=_("Schedule it even if the agenda runs past the meeting's end"), required=False
    )

    def __init__(self, *args, meeting, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = meeting.items.filter(status=AgendaItem.Status.ACCEPTED)
        if item is not None:
            parents = parents.exclude(pk=item.pk)
        self.fields["parent"].queryset = parents
        self.fields["presenter"].queryset = User.objects.filter(council_memberships__council=meeting.council)


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (AgendaItem.Status.ACCEPTED, _("Accept onto the agenda")),
            (AgendaItem.Status.DEFERRED, _("Defer to a later meeting")),
            (AgendaItem.Status.RETURNED, _("Return to the member")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason (sent to the member)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    allow_overrun = forms.BooleanField(label=_("Accept even if the agenda runs past the meeting's end"), required=False)


class DocumentForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.filter(status=AgendaItem.Status.ACCEPTED)


class MinuteForm(forms.Form):
    text_en = forms.CharField(label=_("Minute (English)"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    text_ja = forms.CharField(label=_("Minute (Japanese)"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    authoritative_language = forms.ChoiceField(label=_("Authoritative language"), choices=Language.choices)


class ApproveMinutesForm(forms.Form):
    at_meeting = forms.ModelChoiceField(label=_("Approved at"), queryset=None)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = meetings


class MotionForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none())
    text_en = forms.CharField(label=_("Motion (English)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    text_ja = forms.CharField(label=_("Motion (Japanese)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    moved_by = forms.ModelChoiceField(label=_("Moved by"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.filter(status=AgendaItem.Status.ACCEPTED)
        self.fields["moved_by"].queryset = User.objects.filter(
            council_memberships__council=meeting.council,
            council_memberships__role__in=CouncilMembership.VOTING_ROLES,
        )


class VoteForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=User.objects.none())
    choice = forms.ChoiceField(label=_("Vote"), choices=Vote.Choice.choices)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = User.objects.filter(
            council_memberships__council=council, council_memberships__role__in=CouncilMembership.VOTING_ROLES
        )


class AttendanceForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    status = forms.ChoiceField(label=_("Attendance"), choices=Attendance.Status.choices)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(council_memberships__council=council)


class DecisionForm(forms.Form):
    motion = forms.ModelChoiceField(label=_("Motion that carried"), queryset=None, required=False)
    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False)
    text_en = forms.CharField(label=_("Decision (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    text_ja = forms.CharField(label=_("Decision (Japanese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput(), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motion"].queryset = meeting.motions.filter(outcome="carried", decision__isnull=True)
        self.fields["item"].queryset = meeting.items.filter(status=AgendaItem.Status.ACCEPTED)


class ActionForm(forms.Form):
    title_en = forms.CharField(label=_("Action (English)"), max_length=300, required=False)
    title_ja = forms.CharField(label=_("Action (Japanese)"), max_length=300, required=False)
    owner_user = forms.ModelChoiceField(label=_("Owner: a person"), queryset=User.objects.none(), required=False)
    owner_company = forms.ModelChoiceField(
        label=_("Or an organisation"), queryset=Company.objects.order_by("legal_name"), required=False
    )
    due_on = forms.DateField(label=_("Due"), widget=DateInput())

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = User.objects.filter(council_memberships__council=council).order_by(
            "display_name", "email"
        )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)


class ResultForm(forms.Form):
    title_en = forms.CharField(label=_("Result (English)"), max_length=300, required=False)
    title_ja = forms.CharField(label=_("Result (Japanese)"), max_length=300, required=False)
    parent = forms.ModelChoiceField(
        label=_("Part of"), queryset=Result.objects.none(), required=False, empty_label=_("(top level)")
    )
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1)
    review_on = forms.DateField(label=_("Review date"), widget=DateInput(), required=False)

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = decision.results.all()


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    status = forms.ChoiceField(label=_("Status"), choices=Result.Status.choices)
    review_on = forms.DateField(label=_("Next review"), widget=DateInput(), required=False)


class MilestoneForm(forms.Form):
    title_en = forms.CharField(label=_("Milestone (English)"), max_length=300, required=False)
    title_ja = forms.CharField(label=_("Milestone (Japanese)"), max_length=300, required=False)
    due_on = forms.DateField(label=_("Date"), widget=DateInput())
