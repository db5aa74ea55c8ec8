from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from shared_apps.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ("tenant", "is_owner", "status", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("tenant",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_active", "date_joined", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password", "full_name")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ("last_login", "date_joined")
    inlines = (MembershipInline,)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "tenant", "is_owner", "status", "created_at")
    list_filter = ("status", "is_owner")
    search_fields = ("user__email", "user__full_name", "tenant__name", "tenant__domains__domain")
    list_select_related = ("user", "tenant")
    raw_id_fields = ("user", "tenant")
    readonly_fields = ("created_at",)
