"""Filters for a company's suggestions, shared by the matches page and /api/v1/matches/."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accelerator.companies.models import OrganisationKind, Segment, TechnologyArea
from accelerator.filter_choices import (
    CountryChoiceFilter,
    CountrySelect,
    FilterSelect,
    KeptTaxonomyChoiceFilter,
    country_choices,
)
from accelerator.filter_fields import ListFilterSet, OneUseFilterForm

from .models import Suggestion


class SuggestionFilter(ListFilterSet):
    country = CountryChoiceFilter(
        label=_("Country"),
        field_name="partner__country",
        choices=country_choices,
        empty_label=_("Any country"),
        widget=CountrySelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of organisation"),
        field_name="partner__kind",
        choices=OrganisationKind.choices,
        empty_label=_("Any kind"),
        widget=FilterSelect,
    )
    segment = KeptTaxonomyChoiceFilter(
        label=_("Segment"),
        field_name="partner__profile__segments",
        queryset=Segment.objects.all(),
        to_field_name="code",
        empty_label=_("Any segment"),
    )
    technology_area = KeptTaxonomyChoiceFilter(
        label=_("Technology area"),
        field_name="partner__profile__technology_areas",
        queryset=TechnologyArea.objects.all(),
        to_field_name="code",
        empty_label=_("Any technology area"),
    )
    trl_min = django_filters.NumberFilter(
        label=_("TRL at least"), field_name="partner__profile__trl", lookup_expr="gte", min_value=1, max_value=9
    )
    trl_max = django_filters.NumberFilter(
        label=_("TRL at most"), field_name="partner__profile__trl", lookup_expr="lte", min_value=1, max_value=9
    )
    flag = django_filters.ChoiceFilter(
        label=_("Compliance flags"),
        method="filter_flag",
        choices=[
            ("none", _("No export-control flag")),
            ("any", _("Any export-control flag")),
            ("itar", _("ITAR")),
            ("ear", _("EAR")),
        ],
        empty_label=_("With or without flags"),
        widget=FilterSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Show"),
        method="filter_status",
        choices=[
            ("new", _("New")),
            ("saved", _("Saved")),
            ("dismissed", _("Dismissed")),
        ],
        empty_label=_("New and saved"),
        widget=FilterSelect,
    )

    class Meta:
        model = Suggestion
        form = OneUseFilterForm
        fields = ["country", "kind", "segment", "technology_area", "trl_min", "trl_max", "flag", "status"]

    def filter_flag(self, queryset, name, value):
        if value == "none":
            return queryset.filter(flag_kinds="")
        if value == "any":
            return queryset.exclude(flag_kinds="")
        return queryset.filter(flag_kinds__contains=value)

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value)

    @property
    def qs(self):
        queryset = super().qs
        # Unfiltered, the form is never built: only a page that shows the filters needs it.
        if not self.is_bound or not self.form.cleaned_data.get("status"):
            queryset = queryset.exclude(status=Suggestion.Status.DISMISSED)
        return queryset
