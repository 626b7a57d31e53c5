"""Matchmaking in the Django admin: runs, suggestions, introductions and inboxes, to look
into what the engine did. All read-only: they change through the matching jobs and pages."""

from django.contrib import admin

from .models import DigestSetting, InboxItem, Introduction, MatchRun, Suggestion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MatchRun)
class MatchRunAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "kind",
        "status",
        "company",
        "companies_count",
        "suggestions_count",
        "new_suggestions_count",
        "started_at",
        "finished_at",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["company__legal_name"]
    list_select_related = ["company"]
    date_hierarchy = "created_at"


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ["company", "partner", "rank", "score", "status", "is_active", "first_suggested_at"]
    list_filter = ["status", "is_active", "dismiss_reason", "company__country", "partner__country"]
    search_fields = ["company__legal_name", "company__name_ja", "partner__legal_name", "partner__name_ja"]
    list_select_related = ["company", "partner"]


@admin.register(Introduction)
class IntroductionAdmin(ReadOnlyAdmin):
    list_display = ["requester", "recipient", "status", "created_at", "expires_at", "responded_at"]
    list_filter = ["status", "decline_reason"]
    search_fields = ["requester__legal_name", "recipient__legal_name"]
    list_select_related = ["requester", "recipient"]
    date_hierarchy = "created_at"


@admin.register(InboxItem)
class InboxItemAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter), ("emailed_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "user__display_name"]
    list_select_related = ["user"]


@admin.register(DigestSetting)
class DigestSettingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "frequency", "last_sent_at"]
    list_filter = ["frequency"]
