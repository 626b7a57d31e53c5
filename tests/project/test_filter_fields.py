"""List filters' fields written in Python give the markup of includes/form_fields.html."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.template.loader import render_to_string
from django.utils import translation

from accelerator.companies.filters import CompanyFilter
from accelerator.filter_fields import FilterForm, form_fields, kept_form_fields
from matchmaking.filters import SuggestionFilter
from procurement.filters import OpportunityFilter


def _both(form_class, data, **kwargs) -> tuple[str, str]:
    """The fields written by form_fields(), then by the template with Django's own form renderer."""
    fast = str(form_fields(form_class(data, **kwargs)))
    django_form = form_class(data, renderer=DjangoTemplates(), **kwargs)
    return fast, render_to_string("includes/form_fields.html", {"form": django_form})


class Everything(FilterForm):
    required_css_class = "required"

    q = forms.CharField(label="Search <words>", required=False, help_text="Names & descriptions")
    name = forms.CharField(label="Your name?", max_length=5, widget=forms.TextInput(attrs={"placeholder": 'a "b"'}))
    count = forms.IntegerField(required=False, min_value=0, max_value=9)
    price = forms.DecimalField(required=False, widget=forms.NumberInput(attrs={"step": "0.01", "readonly": True}))
    email = forms.EmailField(required=False, label="")
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date", "disabled": False}))
    when = forms.DateTimeField(required=False)
    site = forms.URLField(required=False)
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    kind = forms.ChoiceField(choices=[("", "Any"), ("a", "A & B")], required=False)
    flags = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y")], required=False, widget=forms.CheckboxSelectMultiple
    )
    side = forms.ChoiceField(choices=[("l", "Left"), ("r", "Right")], required=False, widget=forms.RadioSelect)
    agree = forms.BooleanField(required=False, label="I agree <b>now</b>")
    note = forms.CharField(required=False, widget=forms.Textarea)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    marker = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        if self.cleaned_data.get("q") == "both":
            raise ValidationError(["Not <both>.", "Really not."])
        return self.cleaned_data


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"name": "Ann"},
        {"name": "far too long", "count": "eleven", "email": "nope", "q": "both", "token": '"><x>'},
        {"name": 'x"<y>&', "count": "0", "price": "1.50", "day": "2026-12-01", "when": "2026-12-01 10:00"},
        {"site": "example.com", "secret": "s3<cr>t", "kind": "a", "flags": ["x"], "side": "r", "agree": "on"},
        {"note": "</textarea>", "marker": "m", "count": "-1", "email": "a@b.example", "q": "   "},
    ],
)
@pytest.mark.parametrize("language", ["en", "ja"])
def test_form_fields_write_what_the_template_writes(data, language):
    with translation.override(language):
        fast, django = _both(Everything, data)
    assert fast == django


@pytest.mark.parametrize("kwargs", [{"auto_id": False}, {"prefix": "f"}, {"label_suffix": ""}, {"auto_id": "x-%s"}])
def test_form_options_are_kept(kwargs):
    fast, django = _both(Everything, {"name": "far too long", "count": "x"}, **kwargs)
    assert fast == django


def test_initial_values_and_shown_hidden_initial():
    class Form(FilterForm):
        q = forms.CharField(initial="start", show_hidden_initial=True)
        n = forms.IntegerField(initial=3)

    assert _both(Form, None)[0] == _both(Form, None)[1]
    assert 'value="start"' in _both(Form, None)[0]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize(
    ("filterset", "data"),
    [
        (CompanyFilter, None),
        (CompanyFilter, {"country": "JP", "trl_min": "4"}),
        (CompanyFilter, {"q": 'satellite "<b>"', "page": "1"}),
        (CompanyFilter, {"segment": "nope", "trl_min": "eleven", "trl_max": "12", "kind": "other"}),
        (CompanyFilter, {"segment": "launch", "technology_area": "tx11", "country": "XX", "trl_max": "0"}),
        (SuggestionFilter, {"flag": "ear", "country": "US"}),
        (OpportunityFilter, {"ordering": "-value", "country": "JP", "currency": "JPY", "q": "x"}),
    ],
)
def test_the_list_filters_write_what_the_template_writes(language, filterset, data):
    with translation.override(language):
        filters = filterset(data)
        form_class = type(filters.form)
        fast = str(form_fields(filters.form))
        django_form = form_class(filters.data, prefix=filters.form_prefix, renderer=DjangoTemplates())
        assert fast == render_to_string("includes/form_fields.html", {"form": django_form})


def test_the_directory_filter_renders_without_form_templates():
    assert isinstance(CompanyFilter().form, FilterForm)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ja"])
def test_kept_fields_write_what_the_template_writes(language, django_assert_num_queries):
    cases = [
        (CompanyFilter, None),
        (CompanyFilter, {"country": "JP", "trl_min": "4"}),
        (CompanyFilter, {"q": "", "country": "", "segment": "", "trl_min": "", "kind": ""}),
        (CompanyFilter, {"q": 'satellite "<b>"', "page": "1"}),
        (CompanyFilter, {"segment": "nope", "trl_min": "eleven", "trl_max": "12", "kind": "other"}),
        (CompanyFilter, {"segment": "launch", "technology_area": "tx11", "country": "XX", "trl_max": "0"}),
        (SuggestionFilter, {"flag": "ear", "country": "US"}),
        (SuggestionFilter, {"status": "", "company": "someone"}),
    ]
    with translation.override(language):
        for round in ("cold", "kept"):
            for filterset, data in cases:
                filters = filterset(data)
                expected = render_to_string(
                    "includes/form_fields.html",
                    {"form": type(filters.form)(filters.data, prefix=filters.form_prefix, renderer=DjangoTemplates())},
                )
                filters = filterset(data)
                assert filters.form.errors is not None
                assert str(kept_form_fields(filters.form, filterset.__name__)) == expected, (round, data)
        # Kept: the empty fields' choices are not read again.
        filters = CompanyFilter({"country": "JP"})
        assert not filters.form.errors
        with django_assert_num_queries(0):
            kept_form_fields(filters.form, "CompanyFilter")


@pytest.mark.django_db
def test_list_filter_sets_keep_their_filters_to_themselves():
    first, second = CompanyFilter({"q": "orbit", "country": "JP"}), CompanyFilter({"q": "other", "country": "XX"})
    assert first.filters["q"] is not second.filters["q"]
    assert first.filters["q"].parent is first and second.filters["q"].parent is second
    assert first.form.fields["country"] is not second.form.fields["country"]
    assert first.form.is_valid() and not second.form.is_valid() and "country" in second.form.errors
    assert "orbit" in str(first.qs.query) and "other" not in str(first.qs.query)
    assert not CompanyFilter.base_filters["q"].__dict__.get("parent")
    assert SuggestionFilter({"flag": "ear"}).filters["flag"].filter.f.parent is not None
