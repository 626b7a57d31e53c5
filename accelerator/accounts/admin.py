from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Role, SentEmail, User


def may_grant_program_roles(user: User) -> bool:
    """Superusers manage every account field; other admin users may only grant program roles."""
    return user.is_active and (user.has_perm("accounts.grant_program_roles") or user.has_perm("accounts.change_user"))


class ProgramRolesForm(forms.ModelForm):
    """The part of an account a non-superuser may change: its program roles, nothing else.

    Groups that are not program roles stay as they are; they are not even shown.
    """

    groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.filter(name__in=Role.values).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Program roles"),
    )

    class Meta:
        model = User
        fields = ["groups"]

    def clean_groups(self):
        chosen = self.cleaned_data["groups"]
        kept = self.instance.groups.exclude(name__in=Role.values) if self.instance.pk else Group.objects.none()
        return Group.objects.filter(Q(pk__in=chosen.values("pk")) | Q(pk__in=kept.values("pk")))


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "preferred_language", "is_staff", "is_active", "date_joined"]
    list_filter = ["groups", "is_staff", "is_superuser", "is_active", "preferred_language"]
    search_fields = ["email", "display_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "preferred_language", "time_zone")}),
        (
            _("Roles and permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    program_roles_fieldsets = (
        (None, {"fields": ("email",)}),
        (_("Profile"), {"fields": ("display_name", "preferred_language", "time_zone")}),
        (_("Program roles"), {"fields": ("groups",)}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    filter_horizontal = ("groups", "user_permissions")

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or may_grant_program_roles(request.user)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_change_permission(request, obj)
        # Changing a superuser's account (its email, then its password by reset) would be
        # a way to become one.
        if obj is not None and obj.is_superuser:
            return False
        return may_grant_program_roles(request.user)

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return self.program_roles_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return ["email", "display_name", "preferred_language", "time_zone", "last_login", "date_joined"]
        return super().get_readonly_fields(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and not request.user.is_superuser:
            kwargs["form"] = ProgramRolesForm
        return super().get_form(request, obj, **kwargs)

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return super().get_list_filter(request)
        return ["groups", "is_active", "preferred_language"]

    def user_change_password(self, request, id, form_url=""):
        # Setting a password without knowing the old one is a superuser's power: anyone
        # else could take over the account whose password they set.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(SentEmail)
class SentEmailAdmin(admin.ModelAdmin):
    list_display = ["key", "recipients", "subject", "claimed_at", "sent_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["key", "recipients", "subject"]
    date_hierarchy = "claimed_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
