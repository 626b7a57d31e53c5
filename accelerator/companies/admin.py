from django.contrib import admin

from . import services
from .models import (
    CapabilityProfile,
    CapabilityTag,
    Company,
    Invitation,
    Membership,
    ReadinessAnswer,
    ReadinessItem,
    Segment,
    Standard,
    TechnologyArea,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class ReadinessAnswerInline(admin.TabularInline):
    model = ReadinessAnswer
    extra = 0


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "name_ja", "country", "size_band", "founded_year", "updated_at"]
    list_filter = ["country", "size_band", "profile__segments"]
    search_fields = ["legal_name", "name_ja", "slug"]
    prepopulated_fields = {"slug": ["legal_name"]}
    inlines = [MembershipInline, ReadinessAnswerInline]

    def delete_model(self, request, obj):
        services.delete_company(company=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for company in queryset:
            services.delete_company(company=company, by=request.user)


@admin.register(CapabilityProfile)
class CapabilityProfileAdmin(admin.ModelAdmin):
    list_display = ["company", "trl", "export_classification", "itar_registered", "updated_at"]
    list_filter = ["export_classification", "itar_registered", "trl", "segments"]
    search_fields = ["company__legal_name", "company__name_ja"]
    filter_horizontal = ["segments", "technology_areas", "offers", "needs", "standards"]
    list_select_related = ["company"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "company", "role", "created_at", "email_sent_at", "accepted_at"]
    search_fields = ["email", "company__legal_name"]
    list_select_related = ["company"]


@admin.register(Segment, TechnologyArea, Standard)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ja", "position"]
    search_fields = ["code", "name_en", "name_ja"]


@admin.register(CapabilityTag)
class CapabilityTagAdmin(TaxonomyAdmin):
    list_display = ["code", "name_en", "name_ja", "technology_area", "segment"]
    list_filter = ["segment", "technology_area"]


@admin.register(ReadinessItem)
class ReadinessItemAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "short_en", "short_ja", "position"]
