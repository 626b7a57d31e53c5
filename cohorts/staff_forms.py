"""Forms program staff use: a cohort with its questions and rubric, and the application table's filters."""

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accelerator.accounts.time_zones import time_zone_name
from accelerator.filter_choices import FilterSelect
from accelerator.filter_fields import FilterForm

from .models import Application, Cohort, Criterion, Question
from .services.cohorts import COHORT_FIELDS


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = list(COHORT_FIELDS)
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_ja": forms.Textarea(attrs={"rows": 4}),
            "program_starts_on": DateInput(),
            "program_ends_on": DateInput(),
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
            "review_due_at": DateTimeInput(),
            "eligible_countries": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = time_zone_name(timezone.get_current_timezone_name())
        for name in ("opens_at", "closes_at", "review_due_at"):
            self.fields[name].help_text = " ".join(
                filter(
                    None, [str(self.fields[name].help_text), str(_("In your time zone, %(zone)s.") % {"zone": zone})]
                )
            )

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("Applications must close after they open."))
        starts, ends = cleaned.get("program_starts_on"), cleaned.get("program_ends_on")
        if starts and ends and ends < starts:
            self.add_error("program_ends_on", _("The program must end on or after its first day."))
        share_us, share_jp = cleaned.get("min_share_us"), cleaned.get("min_share_jp")
        if share_us is not None and share_jp is not None and share_us + share_jp > 100:
            self.add_error("min_share_jp", _("The U.S. and Japanese minimum shares add up to more than 100%."))
        review_due_at = cleaned.get("review_due_at")
        if review_due_at and closes_at and review_due_at < closes_at:
            self.add_error("review_due_at", _("Reviews cannot be due before applications close."))
        return cleaned

    def _post_clean(self):
        # The errors above already name these constraints next to their fields.
        if self.errors:
            return
        super()._post_clean()


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["kind", "label_en", "label_ja", "help_en", "help_ja", "choices_en", "choices_ja", "required"]
        widgets = {
            "choices_en": forms.Textarea(attrs={"rows": 3}),
            "choices_ja": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Question.Kind.CHOICE and not (cleaned.get("choices_en") or "").strip():
            self.add_error("choices_en", _("List the choices, one per line."))
        english = [line for line in (cleaned.get("choices_en") or "").splitlines() if line.strip()]
        japanese = [line for line in (cleaned.get("choices_ja") or "").splitlines() if line.strip()]
        if japanese and len(japanese) != len(english):
            self.add_error("choices_ja", _("Give as many Japanese choices as English ones, in the same order."))
        return cleaned


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["code", "label_en", "label_ja", "guidance_en", "guidance_ja", "weight"]
        widgets = {
            "guidance_en": forms.Textarea(attrs={"rows": 2}),
            "guidance_ja": forms.Textarea(attrs={"rows": 2}),
        }


class BaseRowsFormSet(forms.BaseInlineFormSet):
    """Rows kept in order; a blank extra row is ignored, a row marked for removal is dropped."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # A new row offered with initial values (the default rubric) is saved even untouched.
        if form.initial and form.instance.pk is None:
            form.empty_permitted = False
        return form

    def rows(self) -> list[dict]:
        rows = []
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None and not form.initial:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            row = {name: form.cleaned_data.get(name) for name in form._meta.fields}
            row["id"] = form.instance.pk
            rows.append(row)
        return rows


class BaseCriterionFormSet(BaseRowsFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        codes = [row["code"] for row in self.rows()]
        if not codes:
            raise forms.ValidationError(_("The review rubric needs at least one criterion."))
        if len(set(codes)) != len(codes):
            raise forms.ValidationError(_("Each criterion needs its own code."))

    def validate_unique(self):
        # Codes are checked above; the service saves them in an order that lets two rows swap codes.
        return


QuestionFormSet = inlineformset_factory(
    Cohort, Question, form=QuestionForm, formset=BaseRowsFormSet, extra=2, can_delete=True
)
CriterionFormSet = inlineformset_factory(
    Cohort, Criterion, form=CriterionForm, formset=BaseCriterionFormSet, extra=1, can_delete=True
)
# A new cohort starts from the default rubric: one row per default criterion, and one blank.
NewCohortCriterionFormSet = inlineformset_factory(
    Cohort, Criterion, form=CriterionForm, formset=BaseCriterionFormSet, extra=6, can_delete=True
)


class ApplicationTableForm(FilterForm):
    """Sorting and filters of the staff application table; a bad value is ignored, never an error page."""

    COUNTRIES = (("US", _("U.S.")), ("JP", _("Japan")), ("other", _("Other countries")))
    PENDING = (
        ("any", _("Any staged decision")),
        *Application.Decision.choices,
        ("none", _("No staged decision")),
    )

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Submitted and after")), *Application.Status.choices],
        widget=FilterSelect,
    )
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("All countries")), *COUNTRIES], widget=FilterSelect
    )
    pending = forms.ChoiceField(
        label=_("Staged decision"), required=False, choices=[("", _("All")), *PENDING], widget=FilterSelect
    )
    flagged = forms.BooleanField(label=_("Reviewers disagree"), required=False)
    awaiting_reply = forms.BooleanField(label=_("Awaiting a reply"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("score", _("Score, highest first")),
            ("-score", _("Score, lowest first")),
            ("submitted", _("Submitted, earliest first")),
            ("-submitted", _("Submitted, latest first")),
            ("company", _("Company, A–Z")),
            ("-company", _("Company, Z–A")),
            ("country", _("Country")),
            ("-country", _("Country, reversed")),
            ("reviews", _("Fewest reviews first")),
            ("-reviews", _("Most reviews first")),
        ],
        widget=FilterSelect,
    )

    def filters(self) -> dict:
        """The valid, non-empty choices; a field with a bad value counts as not chosen."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
