from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "tenant_apps.partners"
    label = "partners"
    verbose_name = "Business partners"
