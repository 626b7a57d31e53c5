"""Cohorts in the Django admin: lists and filters for program staff's power tools.

Cohorts, their questions and rubric are edited here as on the staff pages. What the
program's rules produce (applications, reviews, decisions, their history) is read-only:
it changes only through the pages and API, which enforce those rules.
"""

from django.contrib import admin

from .models import Application, Cohort, Conflict, Criterion, Message, Question, Review, ReviewAssignment, StatusChange


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ja", "status", "opens_at", "closes_at", "seats", "blind_review"]
    list_filter = ["status", "blind_review"]
    search_fields = ["name_en", "name_ja", "slug"]
    date_hierarchy = "closes_at"
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [QuestionInline, CriterionInline]


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["status", "changed_by", "note", "created_at"]


class AssignmentInline(ReadOnlyInline):
    model = ReviewAssignment
    fields = ["reviewer", "assigned_by", "created_at"]


class ReviewInline(ReadOnlyInline):
    model = Review
    fields = ["reviewer", "recommendation", "weighted_score", "submitted_at"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = [
        "company",
        "cohort",
        "status",
        "pending_decision",
        "review_count",
        "score_mean",
        "score_spread",
        "disagreement_flagged",
        "submitted_at",
    ]
    list_filter = ["cohort", "status", "pending_decision", "disagreement_flagged", "company__country"]
    search_fields = ["company__legal_name", "company__name_ja", "cohort__name_en", "cohort__name_ja"]
    list_select_related = ["company", "cohort"]
    date_hierarchy = "submitted_at"
    exclude = ["pitch_deck"]
    inlines = [StatusChangeInline, AssignmentInline, ReviewInline]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["application", "reviewer", "recommendation", "weighted_score", "submitted_at", "updated_at"]
    list_filter = ["application__cohort", "recommendation", ("submitted_at", admin.EmptyFieldListFilter)]
    search_fields = ["application__company__legal_name", "reviewer__email", "reviewer__display_name"]
    list_select_related = ["application__company", "application__cohort", "reviewer"]


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "reviewer", "assigned_by", "created_at"]
    list_filter = ["application__cohort"]
    search_fields = ["application__company__legal_name", "reviewer__email", "reviewer__display_name"]
    list_select_related = ["application__company", "application__cohort", "reviewer", "assigned_by"]


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["reviewer", "company", "reason", "created_at"]
    search_fields = ["reviewer__email", "reviewer__display_name", "company__legal_name"]
    autocomplete_fields = ["reviewer", "company"]
    list_select_related = ["reviewer", "company"]


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["application", "author", "from_staff", "created_at", "notified_at"]
    list_filter = ["from_staff", "application__cohort"]
    search_fields = ["application__company__legal_name", "author__email", "body"]
    list_select_related = ["application__company", "application__cohort", "author"]


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["application", "status", "changed_by", "created_at"]
    list_filter = ["status", "application__cohort"]
    search_fields = ["application__company__legal_name"]
    list_select_related = ["application__company", "application__cohort", "changed_by"]
