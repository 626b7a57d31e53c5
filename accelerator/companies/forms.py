from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CapabilityProfile, Company, Likert, Membership, OrganisationKind, ReadinessItem
from .services import COMPANY_FIELDS
from .widgets import ChoicePicker, grouped_tag_choices


class CompanyForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = list(COMPANY_FIELDS)
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "description_ja": forms.Textarea(attrs={"rows": 5, "lang": "ja"}),
            "name_ja": forms.TextInput(attrs={"lang": "ja"}),
        }
        help_texts = {
            "kind": _("Partner organisations are shown startups to work with; startups see everyone."),
            "legal_name": _("As registered, in Latin letters."),
            "description_en": _("What the company does and for whom. English, Japanese or both."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False

    def clean_kind(self):
        return self.cleaned_data.get("kind") or (self.instance.kind if self.instance.pk else OrganisationKind.STARTUP)


class CapabilityProfileForm(forms.ModelForm):
    class Meta:
        model = CapabilityProfile
        fields = [
            "segments",
            "technology_areas",
            "offers",
            "offers_text",
            "needs",
            "needs_text",
            "trl",
            "standards",
            "certifications_text",
            "itar_registered",
            "export_classification",
            "classification_detail",
            "has_technology_control_plan",
            "licences_held",
            "cfius_sensitivity",
            "fefta_sensitivity",
        ]
        widgets = {
            "segments": forms.CheckboxSelectMultiple,
            "technology_areas": ChoicePicker,
            "offers": ChoicePicker,
            "needs": ChoicePicker,
            "standards": forms.CheckboxSelectMultiple,
            "offers_text": forms.Textarea(attrs={"rows": 3}),
            "needs_text": forms.Textarea(attrs={"rows": 3}),
            "licences_held": forms.Textarea(attrs={"rows": 2}),
            "trl": forms.Select(choices=[("", "—")] + [(n, str(n)) for n in range(1, 10)]),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Taxonomy terms travel by their stable codes, as in the API and the directory filters.
        for name in ("segments", "technology_areas", "offers", "needs", "standards"):
            self.fields[name].to_field_name = "code"
        # 100-odd capabilities: grouped by market segment, so that a company finds its own.
        tags = list(self.fields["offers"].queryset.select_related("segment", "technology_area"))
        for name in ("offers", "needs"):
            self.fields[name].choices = grouped_tag_choices(tags)


class ReadinessForm(forms.Form):
    """The self-assessment: one 5-point question per readiness statement."""

    def __init__(self, *args, items, answers: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[item.code] = forms.TypedChoiceField(
                label=item.text,
                choices=Likert.choices,
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
                initial=answers.get(item.code),
            )

    def groups(self):
        """The bound fields grouped by kind, market items first."""
        for kind, label in ReadinessItem.Kind.choices:
            yield label, [self[item.code] for item in self.items if item.kind == kind]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
