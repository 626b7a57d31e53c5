from django import forms
from django.utils.translation import gettext_lazy as _

from accelerator.companies.models import Company

from .models import Application, Question
from .services.applications import MAX_LONG_TEXT, MAX_MESSAGE, MAX_SHORT_TEXT


def question_field_name(question: Question) -> str:
    return f"question_{question.pk}"


class ApplicationForm(forms.Form):
    """The cohort's questions and the pitch deck. Required answers are enforced on submission only."""

    pitch_deck = forms.FileField(
        label=_("Pitch deck (PDF, at most 20 MB)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, application: Application, questions: list[Question], **kwargs):
        kwargs.setdefault(
            "initial", {question_field_name(q): application.answers.get(str(q.pk), "") for q in questions}
        )
        # Questions end in their own punctuation ("?", "。"); a colon after them reads badly.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.application = application
        self.questions = questions
        deck = self.fields.pop("pitch_deck")
        if application.pitch_deck:
            deck.label = _("Replace the pitch deck (PDF, at most 20 MB)")
        for question in questions:
            self.fields[question_field_name(question)] = self._field_for(question)
        self.fields["pitch_deck"] = deck

    @staticmethod
    def _field_for(question: Question) -> forms.Field:
        common = {"label": question.label, "help_text": question.help, "required": False}
        if question.kind == Question.Kind.LONG_TEXT:
            return forms.CharField(max_length=MAX_LONG_TEXT, widget=forms.Textarea(attrs={"rows": 6}), **common)
        if question.kind == Question.Kind.CHOICE:
            return forms.ChoiceField(choices=[("", "—"), *question.choice_list], **common)
        if question.kind == Question.Kind.NUMBER:
            return forms.DecimalField(**common)
        return forms.CharField(max_length=MAX_SHORT_TEXT, **common)

    def question_fields(self) -> list[tuple[forms.BoundField, bool]]:
        """Each question's field with whether an answer is required to submit."""
        return [(self[question_field_name(q)], q.required) for q in self.questions]

    def answers(self) -> dict[str, object]:
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(question_field_name(question))
            answers[str(question.pk)] = "" if value is None else str(value)
        return answers

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        """Attaches errors from save_draft, keyed by question id or "pitch_deck", to their fields."""
        for key, messages in errors.items():
            field = "pitch_deck" if key == "pitch_deck" else f"question_{key}"
            self.add_error(field if field in self.fields else None, messages)


class StartApplicationForm(forms.Form):
    company = forms.ModelChoiceField(
        label=_("Apply as"), queryset=Company.objects.none(), widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        self.fields["company"].label_from_instance = lambda company: company.display_name
        if len(companies) == 1:
            self.fields["company"].initial = companies[0].pk


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), max_length=MAX_MESSAGE, widget=forms.Textarea(attrs={"rows": 4}))


class ReviewCommentForm(forms.Form):
    """A review's comment; its scores and recommendation are checked by save_review."""

    comment = forms.CharField(required=False, strip=False)


class ConflictForm(forms.Form):
    """The reason for a declared conflict; its length is checked by declare_conflict."""

    reason = forms.CharField(required=False, strip=False)
