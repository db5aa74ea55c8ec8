from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "tenant_apps.finance"
    label = "finance"
    verbose_name = "Finance"
