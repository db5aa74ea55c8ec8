from django.apps import AppConfig


class ApiTokensConfig(AppConfig):
    name = "tenant_apps.apitokens"
    label = "apitokens"
    verbose_name = "API tokens"
