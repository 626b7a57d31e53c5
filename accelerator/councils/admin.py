from django.contrib import admin

from .models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    Attendance,
    Council,
    CouncilMembership,
    Decision,
    Meeting,
    Milestone,
    Minute,
    MinuteVersion,
    Motion,
    Result,
    Vote,
)


class MembershipInline(admin.TabularInline):
    model = CouncilMembership
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_ja", "visibility", "quorum"]
    search_fields = ["slug", "name_en", "name_ja"]
    inlines = [MembershipInline]


class ItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ["order", "parent", "title_en", "title_ja", "duration_minutes", "status"]
    extra = 0
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "council", "starts_at", "time_zone", "agenda_published_at"]
    list_filter = ["council"]
    date_hierarchy = "starts_at"
    inlines = [ItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "status", "duration_minutes", "proposed_by"]
    list_filter = ["status", "meeting__council"]
    raw_id_fields = ["meeting", "parent", "presenter", "proposed_by"]


class VersionInline(admin.TabularInline):
    model = MinuteVersion
    extra = 0
    readonly_fields = ["version", "text_en", "text_ja", "authoritative_language", "saved_by", "saved_at"]
    can_delete = False


@admin.register(Minute)
class MinuteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "authoritative_language", "version"]
    list_filter = ["status"]
    raw_id_fields = ["item", "approved_at_meeting"]
    inlines = [VersionInline]


class VoteInline(admin.TabularInline):
    model = Vote
    extra = 0
    raw_id_fields = ["member", "recorded_by"]


@admin.register(Motion)
class MotionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "outcome", "votes_for", "votes_against", "abstentions"]
    list_filter = ["outcome"]
    raw_id_fields = ["meeting", "item", "moved_by"]
    inlines = [VoteInline]


class ActionInline(admin.TabularInline):
    model = ActionItem
    extra = 0
    raw_id_fields = ["owner_user", "owner_company"]


class ResultInline(admin.TabularInline):
    model = Result
    extra = 0
    raw_id_fields = ["parent"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["reference", "council", "decided_on", "text_en"]
    list_filter = ["council"]
    raw_id_fields = ["meeting", "item", "motion"]
    inlines = [ActionInline, ResultInline]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "decision", "due_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["decision", "owner_user", "owner_company"]


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["__str__", "decision", "weight", "progress", "status", "review_on"]
    raw_id_fields = ["decision", "parent"]


admin.site.register([AgendaDocument, Attendance, Milestone])
