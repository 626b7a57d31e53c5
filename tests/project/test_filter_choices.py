"""The list-page filter selects write the same markup as Django's template-rendered Select."""

import pytest
from django import forms
from django.utils import translation

from accelerator.companies.filters import CompanyFilter
from accelerator.companies.models import Segment
from accelerator.filter_choices import CountrySelect, FilterSelect, ListedModelChoiceField, country_choices
from matchmaking.filters import SuggestionFilter
from procurement.filters import OpportunityFilter

CHOICES = [
    ("", "Any"),
    ("a", "Alpha & <b>bold</b>"),
    ("Group <1>", [("g1", "In the group"), ("g2", 'Also "quoted"')]),
    (3, "Three"),
]


def _both(form: forms.Form, name: str) -> tuple[str, str]:
    """The field rendered by its widget, then by Django's Select with the same attributes."""
    bound = form[name]
    fast = str(bound)
    widget = bound.field.widget
    widget_class = widget.__class__
    widget.__class__ = forms.Select
    try:
        return fast, str(bound)
    finally:
        widget.__class__ = widget_class


@pytest.mark.parametrize("value", [None, "", "a", "g2", "3", "missing", '"><script>'])
def test_filter_select_writes_what_django_writes(value):
    class Form(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES, required=False, widget=FilterSelect(attrs={"class": "x"}))

    fast, django = _both(Form({"pick": value} if value is not None else None), "pick")
    assert fast == django
    assert "<b>" not in fast and "&lt;b&gt;" in fast


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("value", [None, "", "JP", "US", "FR", "XX"])
def test_country_select_writes_what_django_writes(language, value):
    class Form(forms.Form):
        country = forms.ChoiceField(
            choices=lambda: [("", "Any country"), *country_choices()], required=False, widget=CountrySelect
        )

    with translation.override(language):
        fast, django = _both(Form({"country": value} if value is not None else None), "country")
    assert fast == django
    assert fast.count(" selected") == (0 if value == "XX" else 1)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize(
    ("filterset", "data"),
    [
        (CompanyFilter, {"country": "JP", "segment": "launch", "kind": "startup"}),
        (CompanyFilter, None),
        (SuggestionFilter, {"flag": "ear", "country": "US"}),
        (OpportunityFilter, {"ordering": "-value", "country": "JP", "currency": "JPY"}),
    ],
)
def test_the_list_filters_render_as_before(language, filterset, data):
    with translation.override(language):
        form = filterset(data).form
        for name, field in form.fields.items():
            if isinstance(field.widget, FilterSelect):
                fast, django = _both(form, name)
                assert fast == django, name


def test_country_names_follow_the_language():
    with translation.override("ja"):
        assert ("JP", "日本") in country_choices()
    with translation.override("en"):
        assert ("JP", "Japan") in country_choices()


@pytest.mark.django_db
def test_a_listed_model_choice_field_reads_its_choices_in_one_query(django_assert_num_queries):
    segments = Segment.objects.order_by("position")
    assert segments.count() > 3

    class Form(forms.Form):
        segment = ListedModelChoiceField(queryset=segments, to_field_name="code")

    form = Form({"segment": segments.last().code})
    # The chosen segment (validation), then every choice in one plain query (no cursor).
    with django_assert_num_queries(2) as queries:
        str(form["segment"])
    assert not any("DECLARE" in query["sql"] for query in queries.captured_queries)
    fast, django = _both(form, "segment")
    assert fast == django
    assert fast.count("<option") == segments.count() + 1
    assert f'<option value="{segments.last().code}" selected>' in fast


@pytest.mark.django_db
@pytest.mark.parametrize("filterset", [CompanyFilter, SuggestionFilter])
def test_taxonomy_choices_are_kept_per_language(filterset, django_assert_num_queries):
    for language in ("en", "ja"):
        with translation.override(language):
            first = str(filterset({"country": "JP"}).form["segment"])
            # Read once per language, then taken from the cache, written as before.
            with django_assert_num_queries(0):
                again = str(filterset({"country": "JP"}).form["segment"])
            assert again == first
            form = filterset({"country": "JP"}).form
            assert _both(form, "segment") == (first, first)
            assert _both(form, "technology_area")[0] == _both(form, "technology_area")[1]
    with translation.override("ja"):
        assert Segment.objects.get(code="launch").name_ja in str(filterset(None).form["segment"])


@pytest.mark.django_db
def test_a_kept_taxonomy_choice_still_marks_and_validates_the_chosen_term():
    form = CompanyFilter({"segment": "launch"}).form
    assert form.is_valid()
    assert form.cleaned_data["segment"].code == "launch"
    assert '<option value="launch" selected>' in str(form["segment"])
    bad = CompanyFilter({"segment": "no-such-segment"}).form
    assert not bad.is_valid() and "segment" in bad.errors
