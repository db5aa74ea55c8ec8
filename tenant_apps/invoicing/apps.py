from django.apps import AppConfig


class InvoicingConfig(AppConfig):
    name = "tenant_apps.invoicing"
    label = "invoicing"
    verbose_name = "Invoicing"
