from django.contrib import admin

from .models import Alert, ImportRun, Opportunity, OpportunityVersion, ProcurementProfile, SavedSearch


class VersionInline(admin.TabularInline):
    model = OpportunityVersion
    extra = 0
    fields = ("number", "published_at", "recorded_at")
    readonly_fields = fields
    can_delete = False


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "country", "buyer_name", "status", "deadline", "version")
    list_filter = ("source", "country", "status", "itar", "ear", "us_persons_only")
    search_fields = ("title", "source_id", "ocid", "reference", "buyer_name")
    readonly_fields = ("fingerprint", "version", "created_at", "updated_at", "amended_at")
    inlines = [VersionInline]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("file_name", "source", "state", "created", "updated", "unchanged", "skipped", "created_at")
    list_filter = ("source", "fetcher", "state")
    readonly_fields = ("stored_file", "errors", "refusal")


@admin.register(ProcurementProfile)
class ProcurementProfileAdmin(admin.ModelAdmin):
    list_display = ("company", "uei", "corporate_number", "unified_qualification_grade")
    search_fields = ("company__legal_name", "uei", "corporate_number")


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "alerts", "checked_at")


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "opportunity", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
