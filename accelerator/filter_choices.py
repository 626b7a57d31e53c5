"""The choices and selects of list-page filters, at a small cost per page.

Django renders every <option> of a <select> through two included templates; the
directory's country filter alone (about 250 options) took close to half of the page.
`FilterSelect` writes the same HTML in Python, `country_choices()` keeps the country list
sorted once per language instead of once per page, and `TaxonomyChoiceFilter` reads its
few rows in one query rather than through a server-side cursor (three round trips).
"""

from collections.abc import Iterable
from functools import cache

import django_filters
from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django_countries import countries

from accelerator import kept


class FilterSelect(forms.Select):
    """A single-choice <select> rendering the same markup as Django's, option templates aside."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = self.format_value(value)
        options, _has_selected = _options(self.choices, chosen, has_selected=False)
        return _select(name, self.build_attrs(self.attrs, attrs), options)


class CountrySelect(FilterSelect):
    """The country filter: the options after the empty one ("Any country") are built once per language.

    Its choices must be the empty choice followed by country_choices().
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = self.format_value(value)
        empty_choice = next(iter(self.choices))
        options, has_selected = _options([empty_choice], chosen, has_selected=False)
        countries_html = _country_options(get_language())
        if not has_selected and chosen and chosen[0]:
            # Codes are unique: only the chosen country's option is marked, as Django would.
            plain = f'<option value="{conditional_escape(chosen[0])}">'
            countries_html = countries_html.replace(plain, plain[:-1] + " selected>", 1)
        return _select(name, self.build_attrs(self.attrs, attrs), options + countries_html)


def _select(name: str, attrs: dict, options: str) -> SafeString:
    # Every name, value and label in it went through conditional_escape.
    return mark_safe(f'<select name="{conditional_escape(name)}"{_attributes(attrs)}>{options}\n</select>')  # noqa: S308


def _options(choices: Iterable, chosen: list[str], *, has_selected: bool) -> tuple[str, bool]:
    """The <option> (and <optgroup>) elements as select.html and select_option.html write them."""
    html = []
    for option_value, option_label in choices:
        if isinstance(option_label, (list, tuple)):
            group, has_selected = _options(option_label, chosen, has_selected=has_selected)
            html.append(f'\n  <optgroup label="{conditional_escape(option_value)}">{group}\n  </optgroup>')
            continue
        text = "" if option_value is None else str(option_value)
        selected = not has_selected and text in chosen
        has_selected |= selected
        html.append(
            f'\n  <option value="{conditional_escape(text)}"{" selected" if selected else ""}>'
            f"{conditional_escape(option_label)}</option>\n"
        )
    return "".join(html), has_selected


def _attributes(attrs: dict) -> str:
    """The widget's attributes as django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def country_choices() -> list[tuple[str, str]]:
    """(code, name) of every country, sorted by name in the active language."""
    return _country_choices(get_language())


@cache
def _country_choices(language: str | None) -> list[tuple[str, str]]:
    return [(country.code, str(country.name)) for country in countries]


def country_name(code: str) -> str | None:
    """A country's name in the active language, from the list country_choices() keeps."""
    return _country_names(get_language()).get(code)


@cache
def _country_names(language: str | None) -> dict[str, str]:
    return dict(_country_choices(language))


@cache
def _country_options(language: str | None) -> str:
    return _options(_country_choices(language), [], has_selected=True)[0]


class _ListedChoices(django_filters.fields.ModelChoiceIterator):
    """A model's choices read with one plain query: QuerySet.iterator() opens a server-side cursor."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in list(self.queryset.all()):
            yield self.choice(obj)


class _ListedModelChoices(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in list(self.queryset.all()):
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over a page-sized list: one plain query, options written by FilterSelect."""

    iterator = _ListedModelChoices
    widget = FilterSelect


class _TaxonomyChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _ListedChoices


class TaxonomyChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter on one entry of a short list (segments, technology areas), shown with FilterSelect."""

    field_class = _TaxonomyChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FilterSelect)
        super().__init__(*args, **kwargs)


class _KeptChoices(_ListedChoices):
    """The choices of a whole taxonomy as (code, name), kept in the cache per language.

    Every filtered list page draws its taxonomy selects; their terms change only when staff
    rename, add or delete one, which starts a new taxonomy generation (`accelerator.kept`).
    """

    def __iter__(self):
        if self.queryset.query.has_filters():
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self._terms()

    def _terms(self) -> list[tuple[str, str]]:
        model = self.queryset.model._meta
        key = f"filter-choices:{model.label_lower}:{self.field.to_field_name or 'pk'}:{get_language()}"
        return kept.get_or_build(
            key,
            lambda: [
                (str(self.field.prepare_value(obj)), str(self.field.label_from_instance(obj)))
                for obj in list(self.queryset.all())
            ],
        )


class _KeptTaxonomyChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _KeptChoices


class KeptTaxonomyChoiceFilter(TaxonomyChoiceFilter):
    """A TaxonomyChoiceFilter over all of a taxonomy whose options are kept in the cache (no query per page).

    A chosen term is still read (validated) from the database.
    """

    field_class = _KeptTaxonomyChoiceField


class _CountryChoiceField(django_filters.fields.ChoiceField):
    def valid_value(self, value) -> bool:
        # A code is looked up among the countries instead of compared with each of them in turn.
        return str(value) in _country_names(get_language()) or super().valid_value(value)


class CountryChoiceFilter(django_filters.ChoiceFilter):
    """A filter on a country (choices=country_choices, widget=CountrySelect) checking a chosen code in one look-up."""

    field_class = _CountryChoiceField
