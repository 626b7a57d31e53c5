from django.contrib import admin

from .models import OutboxTask


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    list_display = ["task", "created_at", "dispatched_at", "attempts", "last_error"]
    list_filter = ["task", ("dispatched_at", admin.EmptyFieldListFilter)]
    search_fields = ["task", "last_error"]
    readonly_fields = ["task", "kwargs", "countdown", "created_at", "dispatched_at", "attempts", "last_error"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
