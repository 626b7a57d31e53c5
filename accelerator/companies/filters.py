"""The directory's filters, shared by the web directory and /api/v1/companies/."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accelerator.filter_choices import (
    CountryChoiceFilter,
    CountrySelect,
    FilterSelect,
    KeptTaxonomyChoiceFilter,
    country_choices,
)
from accelerator.filter_fields import ListFilterSet, OneUseFilterForm

from .models import Company, OrganisationKind, Segment, TechnologyArea


class CompanyFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    country = CountryChoiceFilter(
        label=_("Country"),
        choices=country_choices,
        empty_label=_("Any country"),
        widget=CountrySelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of organisation"),
        choices=OrganisationKind.choices,
        empty_label=_("Any kind"),
        widget=FilterSelect,
    )
    segment = KeptTaxonomyChoiceFilter(
        label=_("Segment"),
        field_name="profile__segments",
        queryset=Segment.objects.all(),
        to_field_name="code",
        empty_label=_("Any segment"),
    )
    technology_area = KeptTaxonomyChoiceFilter(
        label=_("Technology area"),
        field_name="profile__technology_areas",
        queryset=TechnologyArea.objects.all(),
        to_field_name="code",
        empty_label=_("Any technology area"),
    )
    trl_min = django_filters.NumberFilter(
        label=_("TRL at least"), field_name="profile__trl", lookup_expr="gte", min_value=1, max_value=9
    )
    trl_max = django_filters.NumberFilter(
        label=_("TRL at most"), field_name="profile__trl", lookup_expr="lte", min_value=1, max_value=9
    )

    class Meta:
        model = Company
        form = OneUseFilterForm
        fields = ["q", "country", "kind", "segment", "technology_area", "trl_min", "trl_max"]

    def search(self, queryset, name, value):
        for word in value.split()[:8]:
            queryset = queryset.filter(
                Q(legal_name__icontains=word)
                | Q(name_ja__icontains=word)
                | Q(description_en__icontains=word)
                | Q(description_ja__icontains=word)
                | Q(profile__offers_text__icontains=word)
                | Q(profile__needs_text__icontains=word)
            )
        return queryset
