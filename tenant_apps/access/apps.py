from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "tenant_apps.access"
    label = "access"
    verbose_name = "Roles and members"
