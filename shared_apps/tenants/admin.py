from django.contrib import admin

from shared_apps.tenants.models import Domain, Tenant


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "schema_name", "status", "created_at", "activated_at")
    list_filter = ("status",)
    search_fields = ("name", "schema_name", "domains__domain")
    readonly_fields = ("schema_name", "created_at", "activated_at", "suspended_at", "archived_at")
    inlines = (DomainInline,)
